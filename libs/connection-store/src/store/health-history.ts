import type { SqlSession } from '../drivers/sql-driver.js';
import type { SqlParams } from '../drivers/sql-params.js';
import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import type { StoreContext } from './store-context.js';
import type {
  HealthHistoryEntry,
  HealthHistoryOptions,
  StatusCountsOptions,
  StatusCountsOverTime,
} from './health-history-types.js';
import { HEALTH_STATUSES, type HealthStatus } from './types.js';
import { requireDate, requireInteger, requireText } from './validate.js';

/** One change to record, as the writers of a status change know it. */
export interface HistoryChange {
  workspaceId: string;
  from: HealthStatus | null;
  to: HealthStatus;
  atMs: number;
  reasonCode: string | null;
  /** JSON text of the missing scopes (the writers hold it as such already). */
  missingScopesJson: string;
}

/** How many rows one history DELETE removes at most (the retention purge runs in slices). */
const PURGE_SLICE = 10_000;

/**
 * Inserts status changes inside the caller's transaction (the one that changes the status).
 *
 * @example
 * ```ts
 * await insertHistory(tx, [{ workspaceId, from: 'healthy', to: 'revoked', atMs, reasonCode: null, missingScopesJson: '[]' }]);
 * ```
 */
export async function insertHistory(
  tx: SqlSession,
  changes: readonly HistoryChange[],
): Promise<void> {
  for (const c of changes) {
    await tx.run(
      `INSERT INTO health_history (workspace_id, from_status, to_status, at_ms, reason_code, missing_scopes)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [c.workspaceId, c.from, c.to, c.atMs, c.reasonCode, c.missingScopesJson],
    );
  }
}

/**
 * {@link insertHistory} as an `INSERT … SELECT` for a `WITH` part of the caller's statement
 * (PostgreSQL only): writes `change` for the one row `source` yields, nothing when it yields none.
 *
 * @example
 * ```ts
 * const sql = `WITH ins AS (INSERT INTO connections … RETURNING workspace_id), h AS (${insertHistoryFrom(params, 'ins', change)}) SELECT * FROM ins`;
 * ```
 */
export function insertHistoryFrom(params: SqlParams, source: string, c: HistoryChange): string {
  return `INSERT INTO health_history (workspace_id, from_status, to_status, at_ms, reason_code, missing_scopes)
     SELECT ${params.add(c.workspaceId, 'text')}, ${params.add(c.from, 'text')}, ${params.add(c.to, 'text')},
       ${params.add(c.atMs, 'bigint')}, ${params.add(c.reasonCode, 'text')}, ${params.add(c.missingScopesJson, 'text')}
     FROM ${source}`;
}

/**
 * Removes the history of hard-deleted connections, inside the transaction that deleted them.
 *
 * @example
 * ```ts
 * await deleteHistoryOf(tx, ['ws-1']);
 * ```
 */
export async function deleteHistoryOf(
  tx: SqlSession,
  workspaceIds: readonly string[],
): Promise<void> {
  for (let i = 0; i < workspaceIds.length; i += 500) {
    const chunk = workspaceIds.slice(i, i + 500);
    const list = chunk.map((_, j) => `$${j + 1}`).join(', ');
    await tx.run(`DELETE FROM health_history WHERE workspace_id IN (${list})`, chunk);
  }
}

interface HistoryRow {
  id: number | string;
  workspace_id: string;
  from_status: HealthStatus | null;
  to_status: HealthStatus;
  at_ms: number | string;
  reason_code: string | null;
  missing_scopes: string;
}

/**
 * A connection's status changes, newest first, by keyset on (at, id) (index `health_history_workspace_idx`).
 *
 * @example
 * ```ts
 * const page = await healthHistory(ctx, 'ws-1', { limit: 20 });
 * ```
 */
export async function healthHistory(
  ctx: StoreContext,
  workspaceId: string,
  options: HealthHistoryOptions = {},
): Promise<HealthHistoryEntry[]> {
  requireText(workspaceId, 'workspaceId');
  if (options === null || typeof options !== 'object') {
    throw invalid('options must be { limit?, before? }.');
  }
  const limit = requireInteger(options.limit ?? 50, 'limit', 1, 1_000);
  const params: unknown[] = [workspaceId];
  let keyset = '';
  if (options.before !== undefined) {
    const atMs = requireDate(options.before?.at, 'before.at').getTime();
    const id = requireInteger(options.before?.id, 'before.id', 0, Number.MAX_SAFE_INTEGER);
    params.push(atMs, id);
    keyset = ' AND (at_ms < $2 OR (at_ms = $2 AND id < $3))';
  }
  params.push(limit);
  const rows = await ctx.driver.all<HistoryRow>(
    `SELECT id, workspace_id, from_status, to_status, at_ms, reason_code, missing_scopes
     FROM health_history WHERE workspace_id = $1${keyset}
     ORDER BY at_ms DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    workspaceId: r.workspace_id,
    from: r.from_status,
    to: r.to_status,
    at: new Date(Number(r.at_ms)),
    reasonCode: r.reason_code,
    missingScopes: JSON.parse(r.missing_scopes) as string[],
  }));
}

/**
 * Live connections by status now, every status present (one GROUP BY on `connections_status_idx`).
 *
 * @example
 * ```ts
 * const { revoked } = await countByStatus(ctx);
 * ```
 */
export async function countByStatus(ctx: StoreContext): Promise<Record<HealthStatus, number>> {
  const rows = await ctx.driver.all<{ health_status: HealthStatus; n: number | string }>(
    `SELECT health_status, COUNT(*) AS n FROM connections WHERE deleted_at_ms IS NULL GROUP BY health_status`,
  );
  const counts = emptyCounts();
  for (const row of rows) counts[row.health_status] = Number(row.n);
  return counts;
}

/**
 * Live connections by status at each bucket end. Two aggregate queries, whatever the number of
 * connections: today's counts (`connections_status_idx`), and the changes after `from` grouped by
 * (from, to, bucket) (`health_history_at_idx`, each change's connection probed by its primary key:
 * as `workspace_id IN (live connections)` SQLite listed all 1,000,000 connections first and probed the
 * history once per connection). The counts at a bucket end are today's with every
 * later change undone (its `to` minus one, its `from` plus one), so they are summed from the last
 * bucket back. A change in bucket k (`from + (k-1)·step < at ≤ from + k·step`, the last bucket up to
 * `to`) is after the ends of buckets 0…k-2; one after `to` is after them all.
 *
 * @example
 * ```ts
 * const series = await statusCountsOverTime(ctx, { from: dayAgo, to: now, buckets: 24 });
 * ```
 */
export async function statusCountsOverTime(
  ctx: StoreContext,
  options: StatusCountsOptions,
): Promise<StatusCountsOverTime> {
  if (options === null || typeof options !== 'object') {
    throw invalid('options must be { from, to, buckets }.');
  }
  const fromMs = requireDate(options.from, 'from').getTime();
  const toMs = requireDate(options.to, 'to').getTime();
  const buckets = requireInteger(options.buckets, 'buckets', 1, 1_000);
  if (toMs - fromMs < buckets)
    throw invalid('to must be at least `buckets` milliseconds after from.');
  // Bucket ends from + step, from + 2·step, …, then `to` itself (the last bucket takes the rest).
  const step = Math.floor((toMs - fromMs) / buckets);
  const lastStartMs = fromMs + (buckets - 1) * step;
  const counts = await countByStatus(ctx);
  const after = buckets + 1;
  const changes = await ctx.driver.all<{
    from_status: HealthStatus | null;
    to_status: HealthStatus;
    bucket: number | string;
    n: number | string;
  }>(
    `SELECT from_status, to_status, bucket, COUNT(*) AS n FROM (
       SELECT from_status, to_status,
         CASE WHEN at_ms > CAST($2 AS BIGINT) THEN CAST($4 AS INTEGER)
           WHEN at_ms > CAST($5 AS BIGINT) THEN CAST($6 AS INTEGER)
           ELSE CAST((at_ms - CAST($1 AS BIGINT) + CAST($3 AS BIGINT) - 1) / CAST($3 AS BIGINT) AS INTEGER)
         END AS bucket
       FROM health_history h
       WHERE at_ms > CAST($1 AS BIGINT) AND EXISTS (
         SELECT 1 FROM connections c WHERE c.workspace_id = h.workspace_id AND c.deleted_at_ms IS NULL)
     ) AS c
     GROUP BY from_status, to_status, bucket`,
    [fromMs, toMs, step, after, lastStartMs, buckets],
  );
  // undo[k]: the net effect to take off for changes in bucket k (k = buckets + 1: after `to`).
  const undo: Record<HealthStatus, number>[] = Array.from({ length: after + 1 }, emptyCounts);
  for (const row of changes) {
    const k = Number(row.bucket);
    const n = Number(row.n);
    undo[k][row.to_status] += n;
    if (row.from_status !== null) undo[k][row.from_status] -= n;
  }
  const points: StatusCountsOverTime['points'] = new Array(buckets);
  // Bucket i's end is before the changes of buckets i+2 … after: undo them, last bucket first.
  for (let i = buckets - 1; i >= 0; i -= 1) {
    const k = i === buckets - 1 ? after : i + 2;
    for (const s of HEALTH_STATUSES) counts[s] -= undo[k][s];
    points[i] = {
      at: new Date(i === buckets - 1 ? toMs : fromMs + (i + 1) * step),
      counts: { ...counts },
    };
  }
  return { from: new Date(fromMs), to: new Date(toMs), bucketMs: step, points };
}

/**
 * Deletes history rows recorded before `before`, in slices so no transaction grows unbounded;
 * returns how many went.
 *
 * @example
 * ```ts
 * await purgeHealthHistory(ctx, { before: new Date(Date.now() - 90 * 86_400_000) });
 * ```
 */
export async function purgeHealthHistory(
  ctx: StoreContext,
  options: { before: Date },
): Promise<number> {
  const beforeMs = requireDate(options?.before, 'before').getTime();
  let total = 0;
  for (;;) {
    const gone = await ctx.driver.run(
      `DELETE FROM health_history WHERE id ${ctx.driver.dialect.anyOf(
        'SELECT id FROM health_history WHERE at_ms < $1 ORDER BY at_ms LIMIT $2',
      )}`,
      [beforeMs, PURGE_SLICE],
    );
    total += gone;
    if (gone < PURGE_SLICE) return total;
  }
}

function emptyCounts(): Record<HealthStatus, number> {
  return Object.fromEntries(HEALTH_STATUSES.map((s) => [s, 0])) as Record<HealthStatus, number>;
}

function invalid(message: string): ConnectionStoreError {
  return new ConnectionStoreError(ConnectionStoreErrorCode.INPUT_INVALID, message);
}
