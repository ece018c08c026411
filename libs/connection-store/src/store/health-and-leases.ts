import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import { CONNECTION_COLUMNS, toConnection, type ConnectionRow } from './connection-row.js';
import type { SqlSession } from '../drivers/sql-driver.js';
import type { StoreContext } from './store-context.js';
import type {
  Connection,
  HealthResult,
  HealthStatus,
  HealthTransition,
  LeaseDueOptions,
} from './types.js';
import {
  optionalText,
  requireDate,
  requireHealthStatus,
  requireInteger,
  requireStringArray,
  requireText,
} from './validate.js';

/**
 * Records a health check result and clears the workspace's lease, in one transaction (on PostgreSQL
 * one statement, so one round trip).
 * `statusSince` moves only when the status changes (or on the first check); `consecutiveFailures`
 * counts `failed_to_check` results in a row and resets on any other status.
 *
 * @example
 * ```ts
 * const t = await recordHealth(ctx, 'ws_1', { status: 'revoked', checkedAt: new Date(), errorCode: 'ATTIO_TOKEN_INACTIVE' });
 * if (t.previous !== t.current) notify(t);
 * ```
 */
export async function recordHealth(
  ctx: StoreContext,
  workspaceId: string,
  result: HealthResult,
): Promise<HealthTransition> {
  const params = healthParams(workspaceId, result);
  const status = params[1] as HealthStatus;
  const row =
    ctx.driver.kind === 'postgres'
      ? await recordHealthPostgres(ctx, params)
      : await recordHealthInTransaction(ctx, params);
  if (row === undefined) {
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.CONNECTION_NOT_FOUND,
      `No connection is stored for workspace "${workspaceId}"; it may have been deleted. Skip it.`,
    );
  }
  return {
    previous: row.previous,
    current: status,
    consecutiveFailures: Number(row.consecutive_failures),
  };
}

/**
 * Validates one health result and returns its statement parameters: $1 workspace, $2 new status, $3 check
 * time (ms), $4 error code, $5 missing scopes (JSON).
 *
 * @example
 * ```ts
 * const [workspaceId, status] = healthParams('ws_1', { status: 'healthy', checkedAt: new Date() });
 * ```
 */
export function healthParams(
  workspaceId: string,
  result: HealthResult,
): [string, HealthStatus, number, string | null, string] {
  requireText(workspaceId, 'workspaceId');
  const status = requireHealthStatus(result?.status);
  const checkedAtMs = requireDate(result.checkedAt, 'checkedAt').getTime();
  const errorCode = optionalText(result.errorCode, 'errorCode');
  const missing =
    result.missingScopes === undefined
      ? []
      : requireStringArray(result.missingScopes, 'missingScopes');
  return [workspaceId, status, checkedAtMs, errorCode ?? null, JSON.stringify(missing)];
}

/** What a health write reports back: the status before it, and the failure count after it. */
export interface RecordedRow {
  previous: HealthStatus;
  consecutive_failures: number | string;
}

/**
 * The new values, computed in SQL from the row's current ones (SET expressions read the old row):
 * statusSince moves only when the status changes or was never set; failures count failed_to_check in a
 * row. `$2` is the new status, `$3` the check time.
 */
const HEALTH_ASSIGNMENTS = `health_status = CAST($2 AS TEXT),
         health_status_since_ms = CASE WHEN health_status_since_ms IS NULL OR health_status <> CAST($2 AS TEXT)
           THEN CAST($3 AS BIGINT) ELSE health_status_since_ms END,
         last_checked_at_ms = CAST($3 AS BIGINT),
         consecutive_failures = CASE WHEN CAST($2 AS TEXT) = 'failed_to_check' THEN consecutive_failures + 1 ELSE 0 END,
         last_error_code = $4, missing_scopes = $5,
         lease_owner = NULL, lease_expires_at_ms = NULL`;

/**
 * PostgreSQL: one statement, one round trip (it was BEGIN, SELECT … FOR UPDATE, UPDATE, COMMIT). The
 * CTE locks the row and reads the previous status; the UPDATE joins it so RETURNING can report that
 * previous status next to the new failure count. A lone statement is its own transaction.
 */
async function recordHealthPostgres(
  ctx: StoreContext,
  params: readonly unknown[],
): Promise<RecordedRow | undefined> {
  const rows = await ctx.driver.all<RecordedRow>(
    `WITH prev AS (
       SELECT workspace_id AS prev_id, health_status AS prev_status FROM connections WHERE workspace_id = $1 FOR UPDATE
     )
     UPDATE connections SET ${HEALTH_ASSIGNMENTS}
     FROM prev WHERE connections.workspace_id = prev.prev_id
     RETURNING prev.prev_status AS previous, connections.consecutive_failures`,
    params,
  );
  return rows[0];
}

/**
 * SQLite: RETURNING sees only the new row, so the previous status is read first, inside the same
 * `BEGIN IMMEDIATE` transaction (the write lock is held from the start, so nothing changes in between).
 * Both statements run in process against prepared statements: no round trips to save.
 */
function recordHealthInTransaction(
  ctx: StoreContext,
  params: readonly unknown[],
): Promise<RecordedRow | undefined> {
  return ctx.driver.transaction((tx) => recordHealthOnSession(ctx, tx, params));
}

/**
 * SQLite's read-then-update of one result, on a session already inside a `BEGIN IMMEDIATE` transaction.
 *
 * @example
 * ```ts
 * await ctx.driver.transaction((tx) => recordHealthOnSession(ctx, tx, healthParams(id, result)));
 * ```
 */
export async function recordHealthOnSession(
  ctx: StoreContext,
  tx: SqlSession,
  params: readonly unknown[],
): Promise<RecordedRow | undefined> {
  {
    const before = await tx.all<{ health_status: HealthStatus }>(
      `SELECT health_status FROM connections WHERE workspace_id = $1${ctx.driver.dialect.lockSuffix}`,
      [params[0]],
    );
    if (before.length === 0) return undefined;
    const after = await tx.all<{ consecutive_failures: number | string }>(
      `UPDATE connections SET ${HEALTH_ASSIGNMENTS}
       WHERE workspace_id = $1 RETURNING consecutive_failures`,
      params,
    );
    return {
      previous: before[0].health_status,
      consecutive_failures: after[0].consecutive_failures,
    };
  }
}

/**
 * Claims up to `limit` connections due for a check (never checked, or last checked before `dueBefore`)
 * whose lease is free or expired, and leases them to `owner` until now + `leaseMs`. PostgreSQL uses
 * `FOR UPDATE SKIP LOCKED` so concurrent checkers never claim the same row; SQLite holds the write lock
 * (`BEGIN IMMEDIATE`) for the claim. Never-checked connections come first, then the oldest checked.
 *
 * @example
 * ```ts
 * const batch = await leaseDue(ctx, { owner: 'checker-1', limit: 50, leaseMs: 60_000, dueBefore: new Date(now - 3_600_000) });
 * ```
 */
export async function leaseDue(ctx: StoreContext, options: LeaseDueOptions): Promise<Connection[]> {
  const rows = await leaseDueRows<ConnectionRow>(ctx, options, '');
  // RETURNING has no defined order: hand the batch out in due order (never checked, then oldest).
  return rows.map(toConnection).sort(byDueOrder);
}

/**
 * The claim behind {@link leaseDue}: validates the options, runs the one claiming statement and returns
 * the raw rows (unordered), with `extraColumns` (`, col, …` or '') added to the connection columns.
 *
 * @example
 * ```ts
 * const rows = await leaseDueRows<ConnectionRow>(ctx, options, ', token_kid');
 * ```
 */
export async function leaseDueRows<R extends ConnectionRow>(
  ctx: StoreContext,
  options: LeaseDueOptions,
  extraColumns: string,
): Promise<R[]> {
  const owner = requireText(options?.owner, 'owner');
  const limit = requireInteger(options.limit, 'limit', 1, 10_000);
  const leaseMs = requireInteger(options.leaseMs, 'leaseMs', 1);
  const dueBeforeMs = requireDate(options.dueBefore, 'dueBefore').getTime();
  const nowMs = ctx.now().getTime();
  // One statement, so one atomic transaction on both drivers (it was a SELECT plus one UPDATE per row:
  // 65 queries for a batch of 64). PostgreSQL: each branch locks the due rows it picks and skips rows
  // another checker has locked (FOR UPDATE SKIP LOCKED re-checks the WHERE on the latest row version),
  // so concurrent claimers never get the same row. SQLite: a write statement holds the database's
  // single write lock for its whole run, which is what BEGIN IMMEDIATE gave the old SELECT + UPDATEs.
  //
  // Two branches instead of one `ORDER BY CASE WHEN … IS NULL …`: that expression matches no index, so
  // every lease sorted the whole table (about 20 ms at 10,000 rows, i.e. ~300 µs per check, on the event
  // loop for SQLite). Each branch walks connections_last_checked_idx and stops at `limit`: the
  // never-checked rows (IS NULL lookup; any order among them), then the oldest checked. The second
  // branch may lock rows the outer LIMIT then drops; they are released when the statement ends.
  const free = '(lease_expires_at_ms IS NULL OR lease_expires_at_ms <= $4)';
  const claim = ctx.driver.dialect.claimSuffix;
  return ctx.driver.all<R>(
    `UPDATE connections SET lease_owner = $1, lease_expires_at_ms = $2
     FROM (
       SELECT due_id FROM (
         SELECT due_id, due_checked FROM (
           SELECT workspace_id AS due_id, last_checked_at_ms AS due_checked FROM connections
           WHERE last_checked_at_ms IS NULL AND ${free}
           LIMIT $5${claim}
         ) never_checked
         UNION ALL
         SELECT due_id, due_checked FROM (
           SELECT workspace_id AS due_id, last_checked_at_ms AS due_checked FROM connections
           WHERE last_checked_at_ms < $3 AND ${free}
           ORDER BY last_checked_at_ms, workspace_id
           LIMIT $5${claim}
         ) oldest_checked
       ) candidates
       ORDER BY due_checked NULLS FIRST, due_id
       LIMIT $5
     ) due
     WHERE connections.workspace_id = due.due_id
     RETURNING ${CONNECTION_COLUMNS}${extraColumns}`,
    [owner, nowMs + leaseMs, dueBeforeMs, nowMs, limit],
  );
}

/**
 * Never-checked connections first, then the longest unchecked, ties by workspace id.
 *
 * @example
 * ```ts
 * connections.sort(byDueOrder);
 * ```
 */
export function byDueOrder(a: Connection, b: Connection): number {
  const at = a.health.lastCheckedAt?.getTime() ?? -Infinity;
  const bt = b.health.lastCheckedAt?.getTime() ?? -Infinity;
  if (at !== bt) return at - bt;
  return a.workspaceId < b.workspaceId ? -1 : a.workspaceId > b.workspaceId ? 1 : 0;
}
