import type { HealthStatus } from './types.js';

/**
 * One recorded health status change of a connection. `from` is null for the install itself (the
 * connection starts `unknown`). `reasonCode` is the verdict's error code (`ATTIO_TIMEOUT`, …), or
 * `installed` / `reinstalled` for the changes a save makes, or null when the verdict named none.
 *
 * @example
 * ```ts
 * const entry: HealthHistoryEntry = {
 *   id: 42, workspaceId: 'ws_1', from: 'healthy', to: 'revoked', at: new Date(),
 *   reasonCode: null, missingScopes: [],
 * };
 * ```
 */
export interface HealthHistoryEntry {
  /** Ever-increasing id; with `at`, the keyset of {@link HealthHistory.healthHistory}. */
  id: number;
  workspaceId: string;
  from: HealthStatus | null;
  to: HealthStatus;
  /** The check time of the verdict (the connection's `statusSince` from then on), or the save time. */
  at: Date;
  reasonCode: string | null;
  /** Scopes found missing by the verdict (empty unless under-scoped). */
  missingScopes: string[];
}

/**
 * Options of {@link HealthHistory.healthHistory}: page size (1–1000, default 50) and the keyset to
 * continue after (pass the last entry of the previous page).
 *
 * @example
 * ```ts
 * const next = await store.healthHistory('ws_1', { limit: 50, before: page.at(-1) });
 * ```
 */
export interface HealthHistoryOptions {
  limit?: number;
  before?: Pick<HealthHistoryEntry, 'at' | 'id'>;
}

/**
 * Options of {@link HealthHistory.statusCountsOverTime}: the time range and how many points it is
 * cut into (1–1000).
 *
 * @example
 * ```ts
 * const options: StatusCountsOptions = { from: dayAgo, to: new Date(), buckets: 48 };
 * ```
 */
export interface StatusCountsOptions {
  from: Date;
  to: Date;
  buckets: number;
}

/**
 * Connections by status at one time: every status is present (0 when none).
 *
 * @example
 * ```ts
 * const { at, counts } = series.points[0];
 * console.log(at.toISOString(), counts.healthy, counts.revoked);
 * ```
 */
export interface StatusCountPoint {
  at: Date;
  counts: Record<HealthStatus, number>;
}

/**
 * A chart's series of connections by status: `points[i]` holds the counts at the end of bucket i,
 * `from + (i + 1) * bucketMs`, except the last point, which is at `to` exactly.
 *
 * @example
 * ```ts
 * const { points } = await store.statusCountsOverTime({ from, to, buckets: 24 });
 * const revoked = points.map((p) => p.counts.revoked);
 * ```
 */
export interface StatusCountsOverTime {
  from: Date;
  to: Date;
  bucketMs: number;
  points: StatusCountPoint[];
}

/**
 * The recorded health status changes, for the admin API, the CLI and the console. Changes are written
 * by `record()` and `saveConnection()` in the transaction of the change itself; a hard delete or a
 * purge of a connection removes its history with it.
 */
export interface HealthHistory {
  /** A connection's status changes, newest first (`at`, then `id`, descending); empty when none. */
  healthHistory(workspaceId: string, options?: HealthHistoryOptions): Promise<HealthHistoryEntry[]>;
  /**
   * Live connections (not soft-deleted now) by status at each point of the range, rebuilt from
   * today's statuses by undoing the changes recorded after each point. A connection counts from its
   * install on; its soft-deleted periods count in the status it had. Exact back to the history
   * retention: points older than the changes kept show the counts as of the oldest kept change.
   */
  statusCountsOverTime(options: StatusCountsOptions): Promise<StatusCountsOverTime>;
  /** Deletes the changes recorded before `before` (the retention pass); returns how many went. */
  purgeHealthHistory(options: { before: Date }): Promise<number>;
}
