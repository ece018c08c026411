import type { SqlSession } from '../drivers/sql-driver.js';
import type { StoreContext } from './store-context.js';
import type { HealthRecord, HealthResult, HealthStatus, HealthTransition } from './types.js';
import {
  optionalText,
  requireArray,
  requireDate,
  requireHealthStatus,
  requireStringArray,
  requireText,
} from './validate.js';

/** One validated verdict as statement parameters: workspace, status, check time (ms), error code, missing scopes (JSON). */
type Params = [string, HealthStatus, number, string | null, string];

/** What a health write reports back: the status before it, and the failure count after it. */
interface RecordedRow {
  previous: HealthStatus;
  consecutive_failures: number | string;
}

/**
 * Records health verdicts and frees their leases: one statement (one round trip, one transaction) on
 * PostgreSQL, one `BEGIN IMMEDIATE` transaction (one commit) on SQLite, whatever the batch size (one
 * verdict is a batch of one). `statusSince` moves only when the status changes (or on the first check);
 * `consecutiveFailures` counts `failed_to_check` in a row and resets on any other status. One answer per
 * entry, in input order: its transition, or `undefined` when no connection is stored for that workspace
 * (deleted meanwhile). Every entry is validated before anything is written; a workspace listed twice is
 * written in input order (the batch is split there).
 *
 * @example
 * ```ts
 * const [a, b] = await recordHealth(ctx, [
 *   { workspaceId: 'ws_1', result: { status: 'healthy', checkedAt: new Date() } },
 *   { workspaceId: 'ws_2', result: { status: 'revoked', checkedAt: new Date() } },
 * ]);
 * ```
 */
export async function recordHealth(
  ctx: StoreContext,
  entries: readonly HealthRecord[],
): Promise<(HealthTransition | undefined)[]> {
  requireArray(entries, 'entries');
  const params = entries.map((e) => healthParams(e?.workspaceId, e?.result));
  const out: (HealthTransition | undefined)[] = [];
  // Split where a workspace repeats: one UPDATE … FROM cannot apply two results to one row in order.
  let start = 0;
  while (start < params.length) {
    const seen = new Set<string>();
    let end = start;
    while (end < params.length && !seen.has(params[end][0])) {
      seen.add(params[end][0]);
      end += 1;
    }
    const chunk = params.slice(start, end);
    const rows =
      ctx.driver.kind === 'postgres'
        ? await recordPostgres(ctx, chunk)
        : await ctx.driver.transaction(async (tx) => {
            const recorded: (RecordedRow | undefined)[] = [];
            for (const p of chunk) recorded.push(await recordOnSqlite(tx, p));
            return recorded;
          });
    chunk.forEach((p, i) => {
      const row = rows[i];
      out.push(
        row && {
          previous: row.previous,
          current: p[1],
          consecutiveFailures: Number(row.consecutive_failures),
        },
      );
    });
    start = end;
  }
  return out;
}

function healthParams(workspaceId: unknown, result: HealthResult | undefined): Params {
  requireText(workspaceId, 'workspaceId');
  const status = requireHealthStatus(result?.status);
  const checkedAtMs = requireDate(result?.checkedAt, 'checkedAt').getTime();
  const errorCode = optionalText(result?.errorCode, 'errorCode');
  const missing =
    result?.missingScopes === undefined
      ? []
      : requireStringArray(result.missingScopes, 'missingScopes');
  return [workspaceId as string, status, checkedAtMs, errorCode, JSON.stringify(missing)];
}

/**
 * SQLite: RETURNING sees only the new row, so the previous status is read first, inside the caller's
 * `BEGIN IMMEDIATE` transaction (the write lock is held from the start, so nothing changes in between).
 * Both statements run in process against prepared statements: no round trips to save. The SET
 * expressions read the old row: `$2` is the new status, `$3` the check time.
 */
async function recordOnSqlite(tx: SqlSession, p: Params): Promise<RecordedRow | undefined> {
  const before = await tx.all<{ health_status: HealthStatus }>(
    'SELECT health_status FROM connections WHERE workspace_id = $1',
    [p[0]],
  );
  if (before.length === 0) return undefined;
  const after = await tx.all<{ consecutive_failures: number | string }>(
    `UPDATE connections SET health_status = $2,
       health_status_since_ms = CASE WHEN health_status_since_ms IS NULL OR health_status <> $2
         THEN $3 ELSE health_status_since_ms END,
       last_checked_at_ms = $3,
       consecutive_failures = CASE WHEN $2 = 'failed_to_check' THEN consecutive_failures + 1 ELSE 0 END,
       last_error_code = $4, missing_scopes = $5,
       lease_owner = NULL, lease_expires_at_ms = NULL
     WHERE workspace_id = $1 RETURNING consecutive_failures`,
    p,
  );
  return { previous: before[0].health_status, consecutive_failures: after[0].consecutive_failures };
}

/**
 * PostgreSQL: the inputs as arrays (unnest), the rows locked in workspace order (so two writers never
 * wait on each other in a cycle) to read each previous status, then one UPDATE … FROM with the same
 * assignments as on SQLite. Rows that no longer exist simply do not come back.
 */
async function recordPostgres(
  ctx: StoreContext,
  chunk: readonly Params[],
): Promise<(RecordedRow | undefined)[]> {
  const rows = await ctx.driver.all<RecordedRow & { workspace_id: string }>(
    `WITH input AS (
       SELECT * FROM unnest(CAST($1 AS TEXT[]), CAST($2 AS TEXT[]), CAST($3 AS BIGINT[]), CAST($4 AS TEXT[]),
         CAST($5 AS TEXT[])) AS i(ws, status, checked, err, missing)
     ), prev AS (
       SELECT workspace_id AS prev_id, health_status AS prev_status FROM connections
       WHERE workspace_id IN (SELECT ws FROM input) ORDER BY workspace_id FOR UPDATE
     )
     UPDATE connections SET health_status = input.status,
       health_status_since_ms = CASE WHEN health_status_since_ms IS NULL OR health_status <> input.status
         THEN input.checked ELSE health_status_since_ms END,
       last_checked_at_ms = input.checked,
       consecutive_failures = CASE WHEN input.status = 'failed_to_check' THEN consecutive_failures + 1 ELSE 0 END,
       last_error_code = input.err, missing_scopes = input.missing,
       lease_owner = NULL, lease_expires_at_ms = NULL
     FROM prev JOIN input ON input.ws = prev.prev_id
     WHERE connections.workspace_id = prev.prev_id
     RETURNING connections.workspace_id, prev.prev_status AS previous, connections.consecutive_failures`,
    [0, 1, 2, 3, 4].map((col) => chunk.map((p) => p[col])),
  );
  const byId = new Map(rows.map((r) => [r.workspace_id, r]));
  return chunk.map((p) => byId.get(p[0]));
}
