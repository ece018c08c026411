import type { Logger } from '@attio-auth/attio-core';
import type { HealthConfig } from '../config.js';
import type { Classification } from './classify.js';
import { IncidentDetector } from './incident-detector.js';
import type { IncidentLog, OpenIncident } from './incident-log.js';

/** The incident as a round summary shows it. */
export interface IncidentState {
  /** An incident is open at the end of the round (opened now or earlier). */
  readonly open: boolean;
  /** This round opened it (this process wrote `attio.unreachable`). */
  readonly opened: boolean;
  /** This round closed it (wrote `attio.reachable`). */
  readonly recovered: boolean;
  /** The open (or just closed) incident's transient reason. */
  readonly reason: string | null;
}

/** No incident before, during or after the round. */
export const NO_INCIDENT: IncidentState = Object.freeze({
  open: false,
  opened: false,
  recovered: false,
  reason: null,
});

/**
 * The incident side of one round: feeds each verdict to the {@link IncidentDetector}, writes one
 * `attio.unreachable` when the threshold is reached (without making the check wait: suppression
 * starts synchronously, the event is written alongside), and one `attio.reachable` at the end when a
 * round that began with the incident open shows Attio answering again.
 *
 * @example
 * const incident = new RoundIncident(ctx, total, await ctx.incidents.current());
 * incident.observe(verdict); // per check
 * await incident.settled();
 * const state = await incident.finish(false);
 */
export class RoundIncident {
  readonly #detector: IncidentDetector;
  readonly #ctx: {
    readonly config: HealthConfig;
    readonly logger: Logger;
    readonly incidents: IncidentLog;
  };
  readonly #roundSize: number;
  #current: OpenIncident | undefined;
  /** This instance wrote the `attio.unreachable` (another one may have opened it first). */
  #created = false;
  #opening: Promise<void> | undefined;
  #failure: { error: unknown } | undefined;

  constructor(
    ctx: {
      readonly config: HealthConfig;
      readonly logger: Logger;
      readonly incidents: IncidentLog;
    },
    roundSize: number,
    openAtStart: OpenIncident | undefined,
  ) {
    this.#ctx = ctx;
    this.#roundSize = roundSize;
    this.#current = openAtStart;
    const { minFailures, minFailureRatio } = ctx.config.health.incident;
    this.#detector = new IncidentDetector(
      { minFailures, minFailureRatio },
      roundSize,
      openAtStart !== undefined,
    );
  }

  /** True while an incident is open: transient failures are recorded without per-connection events. */
  get suppressing(): boolean {
    return this.#detector.suppressing;
  }

  observe(verdict: Pick<Classification, 'status' | 'errorCode'>): void {
    const seen = this.#detector.observe(verdict);
    if (!seen.opened) return;
    const data = {
      reason: seen.reason,
      failures: seen.failures,
      checked: seen.observed,
      round_size: this.#roundSize,
      threshold: this.#detector.threshold,
    };
    this.#ctx.logger.warn(data, 'Attio incident: checks fail for the same transient reason');
    this.#opening = this.#ctx.incidents.open(data).then(
      ({ incident, created }) => {
        this.#current = incident;
        this.#created = created;
      },
      (error: unknown) => {
        this.#failure ??= { error };
      },
    );
  }

  /** Waits for the incident event being written; rethrows its failure (the store is in trouble). */
  async settled(): Promise<void> {
    await this.#opening;
    if (this.#failure) throw this.#failure.error;
  }

  /** Closes the incident when this round shows Attio is back, and says where the incident stands. */
  async finish(interrupted: boolean): Promise<IncidentState> {
    await this.settled();
    const reason = this.#current?.reason ?? null;
    if (!interrupted && this.#detector.recovered()) {
      const data = {
        checked: this.#detector.observed,
        failures: this.#detector.failuresByReason(),
      };
      await this.#ctx.incidents.close(data);
      this.#ctx.logger.info({ reason, ...data }, 'Attio incident over: checks succeed again');
      return { open: false, opened: false, recovered: true, reason };
    }
    if (!this.#detector.suppressing) return NO_INCIDENT;
    return {
      open: true,
      opened: this.#detector.openedHere && this.#created,
      recovered: false,
      reason,
    };
  }
}
