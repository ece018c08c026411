import { buildAlertPayload, type CheckTarget } from './alert-message.js';
import { decideAlert, type KnownStatus } from './alert-policy.js';
import type { Classification } from './classify.js';
import type { RoundDeps } from './health-round.js';
import type { CheckRecord } from './round-summary.js';

/**
 * The end of every check: decides on an alert (a change of status, or N failures in a row), sends it
 * without waiting, and returns the record the reporter and metrics see.
 *
 * @example
 * const record = finishCheck(deps, { kind: 'token', name: 'ops' }, verdict, states, checkedAt, started);
 */
export function finishCheck(
  deps: RoundDeps,
  target: CheckTarget,
  verdict: Classification,
  states: {
    previous: KnownStatus;
    previousConsecutiveFailures: number;
    consecutiveFailures: number;
  },
  checkedAt: Date,
  started: number,
): CheckRecord {
  const decision = decideAlert({
    ...states,
    current: verdict.status,
    failureThreshold: deps.failureThreshold,
  });
  if (decision.alert && deps.alerts) {
    deps.alerts.send(
      buildAlertPayload({
        decision,
        target,
        previous: states.previous,
        status: verdict.status,
        missingScopes: verdict.missingScopes,
        errorCode: verdict.errorCode,
        detail: verdict.detail,
        consecutiveFailures: states.consecutiveFailures,
        checkedAt,
      }),
    );
  }
  return {
    target,
    status: verdict.status,
    missingScopes: verdict.missingScopes,
    errorCode: verdict.errorCode,
    detail: verdict.detail,
    checkedAt,
    durationMs: deps.now() - started,
    ...(decision.alert && deps.alerts ? { alert: decision.kind } : {}),
  };
}
