import { healthParams, recordHealthOnSession, type RecordedRow } from './health-and-leases.js';
import type { StoreContext } from './store-context.js';
import type { HealthResult, HealthStatus, HealthTransition } from './types.js';

/**
 * Records several health results at once: one statement (one round trip, one transaction) on
 * PostgreSQL, one `BEGIN IMMEDIATE` transaction (one commit) on SQLite, instead of one of each per
 * result. Each row gets exactly what `recordHealth` would write (statusSince, consecutive failures, lease
 * cleared); the answer has one entry per input, in input order: its transition, or `undefined` when no
 * connection is stored for that workspace (deleted meanwhile). Every input is validated before anything
 * is written; a workspace listed twice is written in input order (the batch is split there).
 *
 * @example
 * ```ts
 * const [a, b] = await recordHealthMany(ctx, [
 *   { workspaceId: 'ws_1', result: { status: 'healthy', checkedAt: new Date() } },
 *   { workspaceId: 'ws_2', result: { status: 'revoked', checkedAt: new Date() } },
 * ]);
 * ```
 */
export async function recordHealthMany(
  ctx: StoreContext,
  entries: readonly { workspaceId: string; result: HealthResult }[],
): Promise<(HealthTransition | undefined)[]> {
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
            for (const p of chunk) recorded.push(await recordHealthOnSession(ctx, tx, p));
            return recorded;
          });
    chunk.forEach((p, i) => {
      const row = rows[i];
      out.push(
        row === undefined
          ? undefined
          : {
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

type Params = ReturnType<typeof healthParams>;

/**
 * PostgreSQL: the inputs as arrays (unnest), the rows locked in workspace order (so two writers never
 * wait on each other in a cycle) to read each previous status, then one UPDATE … FROM with the same
 * assignments as `recordHealth`. Rows that no longer exist simply do not come back.
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
  return chunk.map((p) => {
    const row = byId.get(p[0]);
    return (
      row && {
        previous: row.previous as HealthStatus,
        consecutive_failures: row.consecutive_failures,
      }
    );
  });
}
