#!/usr/bin/env bash
# Creates the secret files deploy/compose.yaml mounts, under deploy/secrets/ (gitignored, 0600):
# a fresh token encryption key ring, an admin token, a PostgreSQL password and the DATABASE_URL using
# it. The Attio client secret is yours: pass it on stdin, e.g.
#   deploy/make-compose-secrets.sh < attio-client-secret.txt
# Existing files are kept (re-running never rotates a key that encrypts stored tokens).
set -euo pipefail
dir="$(dirname "$0")/secrets"
mkdir -p "$dir" && chmod 0700 "$dir"
umask 077
rand() { openssl rand -base64 32 2>/dev/null || head -c 32 /dev/urandom | base64; }
keep_or_write() { [ -s "$dir/$1" ] && echo "kept    $dir/$1" || { printf '%s\n' "$2" >"$dir/$1"; echo "created $dir/$1"; }; }

keep_or_write token_encryption_keys "k1:$(rand)"
keep_or_write admin_token "$(rand)"
keep_or_write postgres_password "$(rand | tr -d '/+=' | cut -c1-32)"
keep_or_write database_url "postgres://attio_auth:$(cat "$dir/postgres_password")@postgres:5432/attio_auth"
if [ ! -s "$dir/attio_client_secret" ]; then
  if [ -t 0 ]; then
    echo "write your Attio client secret to $dir/attio_client_secret (or pipe it into this script)" >&2
    : >"$dir/attio_client_secret"
  else
    secret=$(cat)
    printf '%s\n' "$secret" >"$dir/attio_client_secret"
    echo "created $dir/attio_client_secret"
  fi
fi
