import type { HealthStatus } from './types.js';

/**
 * A finished full round of the health checker, as it hands it to {@link HealthRounds.recordRound}.
 * `counts` holds the verdicts by status (statuses with no verdict may be left out); `seenHealthy` the
 * due connections skipped because a client used them successfully; `interrupted` is true when a
 * shutdown stopped the round early; `exitCode` is the checker's exit code for it (0, 1 or 2).
 *
 * @example
 * ```ts
 * const round: NewHealthRound = {
 *   owner: 'checker-1', kind: 'round', startedAt, finishedAt, checked: 12,
 *   counts: { healthy: 11, revoked: 1 }, seenHealthy: 3, interrupted: false, exitCode: 1,
 * };
 * ```
 */
export interface NewHealthRound {
  /** Which checker instance ran it (its lease owner id). */
  owner: string;
  /** Only full rounds are recorded; rechecks of flagged connections are not. */
  kind: 'round';
  startedAt: Date;
  finishedAt: Date;
  checked: number;
  counts: Partial<Record<HealthStatus, number>>;
  seenHealthy: number;
  interrupted: boolean;
  exitCode: number;
}

/**
 * A recorded round: what was recorded, with its id (ever-increasing) and every status in `counts`
 * (0 when it had none).
 *
 * @example
 * ```ts
 * const [last] = await store.lastRounds(1);
 * const tookMs = last.finishedAt.getTime() - last.startedAt.getTime();
 * ```
 */
export interface HealthRound extends Omit<NewHealthRound, 'counts'> {
  id: number;
  counts: Record<HealthStatus, number>;
}

/** How many rounds the store keeps: recording one more deletes the oldest beyond it. */
export const HEALTH_ROUNDS_KEPT = 1_000;

/** The health checker's rounds, recorded at their end, for the admin console's overview. */
export interface HealthRounds {
  /**
   * Records a finished round and, in the same transaction, deletes the rounds beyond the newest
   * {@link HEALTH_ROUNDS_KEPT} (or `options.keep`, 1–100,000). Returns the stored round.
   */
  recordRound(round: NewHealthRound, options?: { keep?: number }): Promise<HealthRound>;
  /** The newest rounds first (by `finishedAt`, then id), at most `limit` (1–1,000, default 10). */
  lastRounds(limit?: number): Promise<HealthRound[]>;
}
