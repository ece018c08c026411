import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import type { CheckInterval } from './types.js';
import { requireInteger } from './validate.js';

/** The longest interval a policy may set: 30 days, in ms. */
const MAX_INTERVAL_MS = 30 * 24 * 3_600_000;

/**
 * No policy: every connection is due again as soon as it was checked (`next_check_at_ms` = check time), so a
 * lease's `dueBefore` bound reads "checked before", exactly as before due times were stored.
 */
const NO_INTERVAL: CheckInterval = Object.freeze({ minMs: 0, maxMs: 0, failingMs: 0 });

/**
 * Validates a check-interval policy (default: {@link NO_INTERVAL}): whole milliseconds,
 * `failingMs ≤ minMs ≤ maxMs`, so a failing connection is never checked less often than a healthy one.
 *
 * @example
 * ```ts
 * const policy = checkIntervalOf({ minMs: 60_000, maxMs: 86_400_000, failingMs: 10_000 });
 * ```
 */
export function checkIntervalOf(policy: CheckInterval | undefined): CheckInterval {
  if (policy === undefined) return NO_INTERVAL;
  if (policy === null || typeof policy !== 'object') {
    throw invalid('checkInterval must be { minMs, maxMs, failingMs }.');
  }
  const minMs = requireInteger(policy.minMs, 'checkInterval.minMs', 0, MAX_INTERVAL_MS);
  const maxMs = requireInteger(policy.maxMs, 'checkInterval.maxMs', minMs, MAX_INTERVAL_MS);
  const failingMs = requireInteger(policy.failingMs, 'checkInterval.failingMs', 0, minMs);
  return { minMs, maxMs, failingMs };
}

/**
 * The SQL expression of a connection's next due time (epoch ms) once a verdict is recorded, inside an
 * `UPDATE connections SET …` (unqualified columns read the row before the update). Both drivers use this
 * one expression, so the rule has one spelling:
 * - `failed_to_check` and `under_scoped` (the verdicts that may clear without a re-install: Attio back, scopes
 *   granted) are failing: due again after `failing`;
 * - `revoked` and `workspace_mismatch` stay so until the connection is re-installed (which makes it due at
 *   once): due after `max`, no need to ask Attio again sooner;
 * - `healthy`, when it was healthy before: due after as long as it has been healthy (so each check about
 *   doubles the interval), bounded to [`min`, `max`]; a first healthy verdict, or any other status: `min`.
 *
 * A lease takes a row when its due time is before the round's bound, so an interval of 0 still means at most
 * once per round.
 *
 * @example
 * ```ts
 * const sql = `UPDATE connections SET next_check_at_ms = ${nextCheckAtSql('$2', '$3', { min: '$8', max: '$9', failing: '$10' })}`;
 * ```
 */
export function nextCheckAtSql(
  status: string,
  checkedAt: string,
  interval: { min: string; max: string; failing: string },
): string {
  const { min, max, failing } = interval;
  const healthyFor = `(${checkedAt} - health_status_since_ms)`;
  return `${checkedAt} + CASE
      WHEN ${status} IN ('failed_to_check', 'under_scoped') THEN ${failing}
      WHEN ${status} IN ('revoked', 'workspace_mismatch') THEN ${max}
      WHEN ${status} = 'healthy' AND health_status = 'healthy' AND health_status_since_ms IS NOT NULL THEN
        CASE WHEN ${healthyFor} < ${min} THEN ${min} WHEN ${healthyFor} > ${max} THEN ${max} ELSE ${healthyFor} END
      ELSE ${min} END`;
}

function invalid(message: string): ConnectionStoreError {
  return new ConnectionStoreError(ConnectionStoreErrorCode.INPUT_INVALID, message);
}
