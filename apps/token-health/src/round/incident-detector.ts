import { transientReason, type Classification, type TransientReason } from './classify.js';

/** HEALTH_INCIDENT_MIN_FAILURES and HEALTH_INCIDENT_MIN_FAILURE_RATIO. */
export interface IncidentPolicy {
  readonly minFailures: number;
  readonly minFailureRatio: number;
}

/**
 * How many checks of one round must fail for the same transient reason to open an incident:
 * `minFailures`, or `minFailureRatio` of the round when that is fewer — but never fewer than 2
 * (one failed check is not a pattern) unless `minFailures` itself is 1. Pure.
 *
 * So with the defaults (5, 0.2): 1,000 connections → 5; 20 → 4; 10 → 2; 3 → 2. The ratio only
 * matters for small rounds, where 5 failures may be more than the round holds.
 *
 * @example
 * incidentThreshold({ minFailures: 5, minFailureRatio: 0.2 }, 1000); // 5
 * incidentThreshold({ minFailures: 5, minFailureRatio: 0.2 }, 10); // 2
 */
export function incidentThreshold(policy: IncidentPolicy, roundSize: number): number {
  const byRatio = Math.max(2, Math.ceil(policy.minFailureRatio * roundSize));
  return Math.max(1, Math.min(policy.minFailures, byRatio));
}

/** What one observed verdict did to the round's incident state. */
export type IncidentObservation =
  | { readonly opened: false }
  | {
      readonly opened: true;
      readonly reason: TransientReason;
      /** Checks of this round that failed for `reason`, including this one. */
      readonly failures: number;
      /** Checks of this round observed so far, including this one. */
      readonly observed: number;
    };

const NOT_OPENED: IncidentObservation = { opened: false };

/**
 * The incident arithmetic of one round, without I/O: counts failed checks per transient reason and
 * says when the threshold is reached (once per round); at the end it says whether the round shows
 * Attio answering again. `openAtStart`: an incident was already open when the round began (from the
 * store), so the round suppresses from its first check and never opens a second one.
 *
 * @example
 * const detector = new IncidentDetector({ minFailures: 5, minFailureRatio: 0.2 }, 1000, false);
 * detector.observe(verdict); // { opened: false } … then { opened: true, reason: 'http_5xx', … }
 * detector.suppressing; // true from the opening check on
 */
export class IncidentDetector {
  readonly threshold: number;
  readonly #failures = new Map<TransientReason, number>();
  #observed = 0;
  /** Checks Attio answered (any verdict without a transient reason). */
  #answered = 0;
  #open: boolean;
  #openedHere = false;

  constructor(
    policy: IncidentPolicy,
    roundSize: number,
    readonly openAtStart: boolean,
  ) {
    this.threshold = incidentThreshold(policy, roundSize);
    this.#open = openAtStart;
  }

  /** True while an incident is open: failed_to_check verdicts are recorded without events. */
  get suppressing(): boolean {
    return this.#open;
  }

  /** True when this round opened the incident (it was not open at the start). */
  get openedHere(): boolean {
    return this.#openedHere;
  }

  observe(verdict: Pick<Classification, 'status' | 'errorCode'>): IncidentObservation {
    this.#observed += 1;
    const reason = transientReason(verdict);
    if (reason === undefined) {
      this.#answered += 1;
      return NOT_OPENED;
    }
    const failures = (this.#failures.get(reason) ?? 0) + 1;
    this.#failures.set(reason, failures);
    if (this.#open || failures < this.threshold) return NOT_OPENED;
    this.#open = true;
    this.#openedHere = true;
    return { opened: true, reason, failures, observed: this.#observed };
  }

  /**
   * At the end of the round: true when an incident open at the start is over — Attio answered at
   * least one check and no transient reason reached the threshold this round.
   */
  recovered(): boolean {
    if (!this.openAtStart) return false;
    if (this.#answered === 0) return false;
    return [...this.#failures.values()].every((n) => n < this.threshold);
  }

  /** Failed checks per transient reason so far (for the incident's event data and logs). */
  failuresByReason(): Partial<Record<TransientReason, number>> {
    return Object.fromEntries(this.#failures) as Partial<Record<TransientReason, number>>;
  }

  get observed(): number {
    return this.#observed;
  }
}
