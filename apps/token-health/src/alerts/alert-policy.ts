import type { CheckStatus } from '../round/classify.js';

/** A stored status: a verdict, or `unknown` for a connection never checked (connection-store HealthStatus). */
export type KnownStatus = CheckStatus | 'unknown';

export interface AlertPolicyInput {
  /** Status before this check. */
  readonly previous: KnownStatus;
  /** Consecutive `failed_to_check` results before this check (0 unless previous is failed_to_check). */
  readonly previousConsecutiveFailures: number;
  /** This check's verdict. */
  readonly current: CheckStatus;
  /** Consecutive `failed_to_check` results including this check. */
  readonly consecutiveFailures: number;
  /** HEALTH_FAILURE_THRESHOLD: failed_to_check alerts only once this many checks in a row failed. */
  readonly failureThreshold: number;
}

/**
 * `problem`: the token broke (or changed from one problem to another); `recovered`: healthy again after
 * an alerted problem; `unreachable`: failed_to_check reached the threshold.
 */
export type AlertDecision =
  | { readonly alert: false }
  | { readonly alert: true; readonly kind: 'problem' | 'recovered' | 'unreachable' };

const NO_ALERT: AlertDecision = { alert: false };

/**
 * Decides whether a check result pages someone. Pure. Alerts on a change of status only, including
 * recovery; `failed_to_check` alerts exactly once, when the run of failures reaches the threshold,
 * so a flaky network does not page anyone and a long outage does not page every round.
 *
 * A run of failures shorter than the threshold was never alerted, so ending it is not a "recovery";
 * the status before the blip is not stored, so a problem status after such a blip alerts again
 * (a possible repeat, preferred over a missed alert).
 *
 * @example
 * decideAlert({ previous: 'healthy', previousConsecutiveFailures: 0, current: 'revoked',
 *   consecutiveFailures: 0, failureThreshold: 3 }); // { alert: true, kind: 'problem' }
 */
export function decideAlert(input: AlertPolicyInput): AlertDecision {
  const { previous, current } = input;
  if (current === 'failed_to_check') {
    return input.consecutiveFailures === input.failureThreshold
      ? { alert: true, kind: 'unreachable' }
      : NO_ALERT;
  }
  if (previous === current) return NO_ALERT;

  const wasAlertedOutage =
    previous === 'failed_to_check' && input.previousConsecutiveFailures >= input.failureThreshold;
  const previousWasProblem =
    previous !== 'unknown' &&
    previous !== 'healthy' &&
    (previous !== 'failed_to_check' || wasAlertedOutage);

  if (current === 'healthy') {
    return previousWasProblem ? { alert: true, kind: 'recovered' } : NO_ALERT;
  }
  return { alert: true, kind: 'problem' };
}

/**
 * In-memory previous status for targets the store does not hold (`--tokens-file` entries): kept
 * across rounds of one scheduler process, so they alert on change too. A `--once` run starts empty.
 *
 * @example
 * const memory = new StatusMemory();
 * memory.record('billing-sync', 'failed_to_check'); // { previous: 'unknown', previousConsecutiveFailures: 0, consecutiveFailures: 1 }
 */
export class StatusMemory {
  readonly #entries = new Map<string, { status: KnownStatus; failures: number }>();

  record(
    key: string,
    status: CheckStatus,
  ): { previous: KnownStatus; previousConsecutiveFailures: number; consecutiveFailures: number } {
    const before = this.#entries.get(key) ?? { status: 'unknown' as const, failures: 0 };
    const failures = status === 'failed_to_check' ? before.failures + 1 : 0;
    this.#entries.set(key, { status, failures });
    return {
      previous: before.status,
      previousConsecutiveFailures: before.failures,
      consecutiveFailures: failures,
    };
  }
}
