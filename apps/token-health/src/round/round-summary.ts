import type { CheckTarget } from './check-target.js';
import { CHECK_STATUSES, type CheckStatus } from './classify.js';
import { exitCodeFor, type ExitCode } from '../cli/exit-code.js';
import { NO_INCIDENT, type IncidentState } from './round-incident.js';

/** One finished check, as printed, alerted and counted. Never holds the token. */
export interface CheckRecord {
  readonly target: CheckTarget;
  readonly status: CheckStatus;
  readonly missingScopes: readonly string[];
  readonly errorCode: string | null;
  readonly detail: string;
  readonly checkedAt: Date;
  readonly durationMs: number;
  /** Set when this check sent an alert. */
  readonly alert?: 'problem' | 'recovered' | 'unreachable';
}

/** The outcome of one round. */
export interface RoundSummary {
  readonly counts: Readonly<Record<CheckStatus, number>>;
  readonly checked: number;
  readonly alertsSent: number;
  /** failed_to_check verdicts recorded without events (or alerts) because an incident was open. */
  readonly suppressed: number;
  /**
   * Verdicts the store did not record: the connection was re-installed (new token) or deleted
   * between its lease and its record. Not in `checked` or `counts`.
   */
  readonly discarded: number;
  /**
   * Due connections not checked because a client used them successfully within
   * HEALTH_SKIP_IF_SEEN_SECONDS (and they were healthy). Not in `checked` or `counts`.
   */
  readonly seenHealthy: number;
  /** The Attio incident, as this round leaves it. */
  readonly incident: IncidentState;
  /** Up to `maxListed` non-healthy records, for the summary table. */
  readonly problems: readonly CheckRecord[];
  /** Non-healthy records beyond `maxListed`. */
  readonly problemsNotListed: number;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** True when SIGTERM stopped the round before every due target was checked. */
  readonly interrupted: boolean;
  readonly exitCode: ExitCode;
}

/**
 * Accumulates check records into a {@link RoundSummary} in constant memory: counts, plus at most
 * `maxListed` problem rows (10,000 connections must not mean 10,000 rows kept).
 *
 * @example
 * const acc = new SummaryAccumulator(new Date(), 50);
 * acc.add(record, { suppressed: false });
 * acc.finish(new Date(), false, NO_INCIDENT).exitCode; // 0, 1 or 2
 */
export class SummaryAccumulator {
  readonly #counts = Object.fromEntries(CHECK_STATUSES.map((s) => [s, 0])) as Record<
    CheckStatus,
    number
  >;
  readonly #problems: CheckRecord[] = [];
  #notListed = 0;
  #checked = 0;
  #alerts = 0;
  #suppressed = 0;
  #discarded = 0;
  #seenHealthy = 0;

  constructor(
    private readonly startedAt: Date,
    private readonly maxListed = 50,
  ) {}

  get checked(): number {
    return this.#checked;
  }

  add(record: CheckRecord, options: { readonly suppressed?: boolean } = {}): void {
    this.#checked += 1;
    if (options.suppressed) this.#suppressed += 1;
    this.#counts[record.status] += 1;
    if (record.alert) this.#alerts += 1;
    if (record.status === 'healthy') return;
    if (this.#problems.length < this.maxListed) this.#problems.push(record);
    else this.#notListed += 1;
  }

  /** A verdict the store did not record (token changed since the lease, or connection deleted). */
  discard(): void {
    this.#discarded += 1;
  }

  /** Connections the round skipped because they were seen working (see `RoundSummary.seenHealthy`). */
  seenHealthy(count: number): void {
    this.#seenHealthy += count;
  }

  finish(
    finishedAt: Date,
    interrupted: boolean,
    incident: IncidentState = NO_INCIDENT,
  ): RoundSummary {
    return {
      counts: { ...this.#counts },
      checked: this.#checked,
      alertsSent: this.#alerts,
      suppressed: this.#suppressed,
      discarded: this.#discarded,
      seenHealthy: this.#seenHealthy,
      incident,
      problems: [...this.#problems],
      problemsNotListed: this.#notListed,
      startedAt: this.startedAt,
      finishedAt,
      interrupted,
      exitCode: exitCodeFor(this.#counts),
    };
  }
}
