#!/usr/bin/env bash
# Consumer test (docs/releasing.md): build and npm-pack every lib, install the tarballs into a temporary project outside
# the workspace, import/require/type-check them there and call /v2/self on the sandbox from the packed bin.
# Prints "suite: N passed, N failed" (summed by .ci/run) and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
npm run --silent consumer
