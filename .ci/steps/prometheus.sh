#!/usr/bin/env bash
# Prometheus rules (deploy/prometheus): `promtool check rules` on the alerting rules, then
# `promtool test rules` on their unit tests. Installs Debian's prometheus package (which ships
# promtool) when promtool is missing. Prints "suite: N passed, N failed" (summed by .ci/run): one
# per rule file checked and one per test group of the unit-test file.
set -uo pipefail
cd "$(dirname "$0")/../.."
rules=deploy/prometheus/attio-auth.rules.yml
tests=deploy/prometheus/attio-auth.rules.test.yml
fail() { echo "prometheus step: $1"; echo "suite: 0 passed, 1 failed"; exit 1; }

if ! command -v promtool >/dev/null; then
  echo "installing prometheus (promtool) from Debian"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus) \
    >/tmp/prometheus-apt.log 2>&1 || { tail -20 /tmp/prometheus-apt.log; fail "could not install prometheus (apt-get failed, log above)"; }
fi
promtool --version | head -1

passed=0
failed=0
if promtool check rules "$rules"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

groups=$(grep -c '^  - name:' "$tests")
if promtool test rules "$tests"; then
  passed=$((passed + groups))
else
  # promtool names each failing group ("name: …,"); the others passed.
  bad=$(promtool test rules "$tests" 2>&1 | grep -c '^ *name: ')
  [ "$bad" -gt 0 ] || bad=1
  failed=$((failed + bad))
  passed=$((passed + groups - bad))
fi
echo "suite: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
