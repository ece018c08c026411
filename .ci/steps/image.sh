#!/usr/bin/env bash
# Container image (docs/deploy.md, "The image built here"): makes or reuses the local base images
# (debootstrap + node from the npm registry, cached by their inputs), builds deploy/image/Dockerfile
# with buildah (layers cached), then runs the image with podman: contents, the callback service
# against the sandbox with a complete install, the checker once on the same store, the CLIs, SIGTERM.
# The per-build OCI labels (created, revision) are set with --label at commit: buildah's layer cache
# keys LABEL on its text, so build-arg values alone could leave a cached, stale label.
# Prints each phase's time and "suite: N passed, N failed" (summed by .ci/run).
#
# This machine: no Docker daemon; buildah runs RUN steps with --isolation chroot and podman with
# runc (crun refuses the hybrid cgroup v1/v2 layout), both with explicit rlimits (the defaults
# exceed what the sandbox allows). Missing tools are installed from Debian.
set -uo pipefail
cd "$(dirname "$0")/../.."
image=${ATTIO_IMAGE:-localhost/attio-auth:ci}
started=$(date +%s)
phase() { echo "--- image: $1 took $(( $(date +%s) - $2 )) s ---"; }
fail() { echo "image step: $1"; echo "suite: 0 passed, 1 failed"; exit 1; }

t=$(date +%s)
missing=()
for tool in buildah podman debootstrap runc; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]} from Debian"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/tmp/image-apt.log 2>&1 \
    || { tail -20 /tmp/image-apt.log; fail "could not install ${missing[*]} (apt-get failed, log above)"; }
fi
phase "tools" "$t"

t=$(date +%s)
bash deploy/image/make-base.sh || fail "the base images could not be made (deploy/image/make-base.sh, output above)"
phase "base images (make-base.sh)" "$t"

t=$(date +%s)
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
version=$(node -p "require('./apps/oauth-callback/package.json').version")
buildah bud --layers --format docker --isolation chroot --network host --ulimit nofile=20000:20000 \
  --volume "${npm_config_cache:-$HOME/.npm}:/root/.npm" \
  --build-arg "VERSION=$version" --build-arg "REVISION=$revision" --build-arg "SOURCE=${IMAGE_SOURCE_URL:-unknown}" \
  --label "org.opencontainers.image.version=$version" --label "org.opencontainers.image.revision=$revision" \
  --label "org.opencontainers.image.created=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --label "org.opencontainers.image.source=${IMAGE_SOURCE_URL:-unknown}" \
  -f deploy/image/Dockerfile -t "$image" . || fail "buildah bud of deploy/image/Dockerfile failed (output above)"
phase "buildah bud" "$t"

t=$(date +%s)
npm run --silent tool -- tools/deploy/image-smoke.ts --image="$image"
code=$?
phase "podman run checks" "$t"
# Layer cache: keep the recent layers (they make the next build fast), drop dangling ones older than 3 days.
podman image prune --force --filter until=72h >/dev/null 2>&1 || true
echo "--- image: whole step took $(( $(date +%s) - started )) s ---"
exit "$code"
