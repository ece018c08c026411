import type { DeliveryAttempt, EventDelivery } from '@attio-auth/connection-store';

import type { DeliveryOutcome, RetryPolicy } from './worker-types.js';

/** The longest error text kept in the delivery log (a receiver's error page is not worth more). */
export const MAX_ERROR_LENGTH = 500;

/**
 * Turns one attempt's outcome into what the delivery log records: delivered, gone (410), a retry
 * at the time the policy gives (a `Retry-After` honoured), or dead once the retries ran past the
 * destination's max age, counted from the first attempt. Pure.
 *
 * @example
 * ```ts
 * attemptFor({ kind: 'gone' }, delivery, { nowMs: 0, maxAgeMs: 86_400_000, policy });
 * // { outcome: 'gone', status: 410, at: new Date(0) }
 * ```
 */
export function attemptFor(
  outcome: DeliveryOutcome,
  delivery: Pick<EventDelivery, 'attempts' | 'firstAttemptAt'>,
  options: { readonly nowMs: number; readonly maxAgeMs: number; readonly policy: RetryPolicy },
): DeliveryAttempt {
  const at = new Date(options.nowMs);
  if (outcome.kind === 'delivered') return { outcome: 'delivered', status: outcome.status, at };
  if (outcome.kind === 'gone') return { outcome: 'gone', status: 410, at };
  const error = outcome.error.slice(0, MAX_ERROR_LENGTH);
  const status = outcome.status ?? null;
  const next = options.policy({
    attempts: delivery.attempts + 1,
    firstAttemptAtMs: delivery.firstAttemptAt?.getTime() ?? options.nowMs,
    nowMs: options.nowMs,
    retryAfterMs: outcome.retryAfterMs,
    maxAgeMs: options.maxAgeMs,
  });
  if ('deadLetter' in next) return { outcome: 'dead', status, error, at };
  return { outcome: 'retry', status, error, at, retryAt: new Date(next.retryAtMs) };
}
