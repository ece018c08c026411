#!/usr/bin/env bash
# Reliability suites (docs/reliability.md), quick mode, one after the other: faults, bad-input, crash, soak,
# secrets, deps. Each prints its figures and a final "suite: N passed, N failed" line (summed by
# .ci/run). A failing suite does not stop the others; this step exits non-zero if any failed.
# Full mode: npm run suite:<name> -- --full (see docs/reliability.md).
set -uo pipefail
cd "$(dirname "$0")/../.."
failed=()
for suite in faults bad-input crash soak secrets deps; do
  echo
  echo "--- suite:$suite (quick) ---"
  started=$(date +%s)
  npm run --silent "suite:$suite" || failed+=("$suite")
  echo "--- suite:$suite took $(( $(date +%s) - started )) s ---"
done
echo
if [ "${#failed[@]}" -gt 0 ]; then
  echo "reliability suites with failures: ${failed[*]}"
  exit 1
fi
echo "reliability suites: all passed"
