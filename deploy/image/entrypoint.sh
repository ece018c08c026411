#!/bin/sh
# Entry point of the attio-auth image: the first argument picks the app, the rest go to it.
#   oauth-callback        the OAuth callback service (default)
#   attio-token-health    the token-health checker (--once | --schedule)
#   attio-verify          the token verification CLI
#   attio-auth            the ops CLI (connections, install links, revoke-token, rotate-keys, keygen)
# `exec` replaces this shell, so tini (PID 1) forwards SIGTERM straight to node, which drains and exits.
set -eu

usage() {
  cat <<'USAGE'
usage: <image> <app> [arguments]
apps:
  oauth-callback        OAuth callback service (listens on HOST:PORT, default 0.0.0.0:3000)
  attio-token-health    token-health checker: --once, or --schedule (serves /healthz on HEALTH_PORT)
  attio-verify          token verification CLI (attio-verify --help)
  attio-auth            ops CLI: connections, install links, revoke-token, rotate-keys, keygen
USAGE
}

app=${1:-oauth-callback}
[ "$#" -gt 0 ] && shift
case "$app" in
  oauth-callback) dir=oauth-callback ;;
  attio-token-health) dir=token-health ;;
  attio-verify) dir=verify-cli ;;
  attio-auth) dir=ops-cli ;;
  help | -h | --help)
    usage
    exit 0
    ;;
  *)
    echo "unknown app \"$app\": the first argument picks the app" >&2
    usage >&2
    exit 64
    ;;
esac
exec node "/app/$dir/main.js" "$@"
