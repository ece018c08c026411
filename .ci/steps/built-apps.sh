#!/usr/bin/env bash
# Built apps (README "Building the apps"): nx build each app, copy dist/apps/<app> into an empty folder,
# npm ci --omit=dev there and run node main.js (an install through the callback service on SQLite against
# the sandbox, token-health --once, the CLIs). Prints "suite: N passed, N failed" (summed by .ci/run).
set -uo pipefail
cd "$(dirname "$0")/../.."
npm run --silent suite:built-apps
