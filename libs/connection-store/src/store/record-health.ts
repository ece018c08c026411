import type { SqlSession } from '../drivers/sql-driver.js';
import { checkIntervalOf, nextCheckAtSql } from './check-interval.js';
import { newEventId } from './event-id.js';
import {
  DEFAULT_FAILED_TO_CHECK_THRESHOLD,
  healthEvent,
  nextAlertedStatusSql,
} from './health-alerts.js';
import { insertHistory } from './health-history.js';
import { insertEvents } from './outbox-append.js';
import { tagsFromJson } from './owner.js';
import type { StoreContext } from './store-context.js';
import type {
  HealthRecord,
  HealthResult,
  HealthStatus,
  HealthTransition,
  RecordHealthOptions,
} from './types.js';
import {
  optionalText,
  requireArray,
  requireDate,
  requireHealthStatus,
  requireInteger,
  requireStringArray,
  requireText,
} from './validate.js';
import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';

/**
 * One validated verdict as statement parameters: workspace, status, check time (ms), error code,
 * missing scopes (JSON), expected token version (null: no check).
 */
type Params = [string, HealthStatus, number, string | null, string, string | null];

/** The alert and interval options as statement parameters: suppress (0/1), threshold, intervals (ms). */
interface AlertParams {
  suppress: 0 | 1;
  threshold: number;
  minMs: number;
  maxMs: number;
  failingMs: number;
}

/** What a health write reports back: the status before it, the failure count after it, the event it wrote. */
interface RecordedRow {
  previous: HealthStatus;
  consecutive_failures: number | string;
  event: 'health.broken' | 'health.recovered' | null;
}

/**
 * Records health verdicts and frees their leases: one statement (one round trip, one transaction) on
 * PostgreSQL, one `BEGIN IMMEDIATE` transaction (one commit) on SQLite, whatever the batch size (one
 * verdict is a batch of one). `statusSince` moves only when the status changes (or on the first check);
 * `consecutiveFailures` counts `failed_to_check` in a row and resets on any other status. One answer per
 * entry, in input order: its transition, or `undefined` when no connection is stored for that workspace
 * (deleted meanwhile) or when the entry's `expectTokenVersion` no longer matches the stored token (it
 * was re-installed since the lease: the verdict is about a token that is gone, so nothing is written).
 * Every entry is validated before anything is written; a workspace listed twice is written in input
 * order (the batch is split there).
 *
 * A verdict that changes the status also writes its health history row (from, to, check time, error
 * code, missing scopes) in the same transaction.
 *
 * Each verdict also sets when the connection is due again (`options.checkInterval`, rule in
 * {@link nextCheckAtSql}; default: due as soon as checked).
 *
 * Alert hygiene: each connection keeps the status last told as a health event (`alerted_status`);
 * the same statement writes `health.broken` / `health.recovered` when a verdict changes it (rules in
 * {@link nextAlertedStatusSql}; `options` sets the failed-to-check threshold and the suppression of
 * transient failures while an incident is open).
 *
 * @example
 * ```ts
 * const [a, b] = await recordHealth(ctx, [
 *   { workspaceId: 'ws_1', result: { status: 'healthy', checkedAt: new Date() } },
 *   { workspaceId: 'ws_2', result: { status: 'revoked', checkedAt: new Date() } },
 * ], { failedToCheckThreshold: 3 });
 * ```
 */
export async function recordHealth(
  ctx: StoreContext,
  entries: readonly HealthRecord[],
  options: RecordHealthOptions = {},
): Promise<(HealthTransition | undefined)[]> {
  requireArray(entries, 'entries');
  const alert = alertParams(options);
  const params = entries.map((e) => healthParams(e?.workspaceId, e?.result, e?.expectTokenVersion));
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
    const nowMs = ctx.now().getTime();
    const rows =
      ctx.driver.kind === 'postgres'
        ? await recordPostgres(ctx, chunk, alert, nowMs)
        : await ctx.driver.transaction(async (tx) => {
            const recorded: (RecordedRow | undefined)[] = [];
            for (const p of chunk) recorded.push(await recordOnSqlite(tx, p, alert, nowMs));
            return recorded;
          });
    chunk.forEach((p, i) => {
      const row = rows[i];
      out.push(
        row && {
          previous: row.previous,
          current: p[1],
          consecutiveFailures: Number(row.consecutive_failures),
          ...(row.event === null ? {} : { event: row.event }),
        },
      );
    });
    start = end;
  }
  return out;
}

function alertParams(options: RecordHealthOptions): AlertParams {
  if (options === null || typeof options !== 'object') {
    throw invalid(
      'options must be { suppressTransient?, failedToCheckThreshold?, checkInterval? }.',
    );
  }
  if (options.suppressTransient !== undefined && typeof options.suppressTransient !== 'boolean') {
    throw invalid('suppressTransient must be true or false.');
  }
  const threshold = requireInteger(
    options.failedToCheckThreshold ?? DEFAULT_FAILED_TO_CHECK_THRESHOLD,
    'failedToCheckThreshold',
    1,
    1_000,
  );
  const { minMs, maxMs, failingMs } = checkIntervalOf(options.checkInterval);
  return {
    suppress: options.suppressTransient === true ? 1 : 0,
    threshold,
    minMs,
    maxMs,
    failingMs,
  };
}

function healthParams(
  workspaceId: unknown,
  result: HealthResult | undefined,
  expectTokenVersion: unknown,
): Params {
  requireText(workspaceId, 'workspaceId');
  const status = requireHealthStatus(result?.status);
  const checkedAtMs = requireDate(result?.checkedAt, 'checkedAt').getTime();
  const errorCode = optionalText(result?.errorCode, 'errorCode');
  const missing =
    result?.missingScopes === undefined
      ? []
      : requireStringArray(result.missingScopes, 'missingScopes');
  const version =
    expectTokenVersion === undefined ? null : requireText(expectTokenVersion, 'expectTokenVersion');
  return [workspaceId as string, status, checkedAtMs, errorCode, JSON.stringify(missing), version];
}

/**
 * The SQLite SET list: `$2` status, `$3` check time, `$4` error, `$5` missing, `$6` suppress, `$7` threshold,
 * `$8`–`$10` the min, max and failing intervals.
 */
const SET_SQLITE = `health_status = $2,
       health_status_since_ms = CASE WHEN health_status_since_ms IS NULL OR health_status <> $2
         THEN $3 ELSE health_status_since_ms END,
       last_checked_at_ms = $3,
       next_check_at_ms = ${nextCheckAtSql('$2', '$3', { min: '$8', max: '$9', failing: '$10' })},
       consecutive_failures = CASE WHEN $2 = 'failed_to_check' THEN consecutive_failures + 1 ELSE 0 END,
       last_error_code = $4, missing_scopes = $5,
       alerted_status = ${nextAlertedStatusSql('$2', '$6', '$7')},
       lease_owner = NULL, lease_expires_at_ms = NULL`;

/** The row before a SQLite health write. */
interface SqliteBefore {
  health_status: HealthStatus;
  alerted_status: HealthStatus | null;
  token_iv: Buffer;
  workspace_name: string | null;
  owner_display_name: string | null;
  owner_tags: string;
}

/**
 * SQLite: RETURNING sees only the new row, so the previous status is read first, inside the caller's
 * `BEGIN IMMEDIATE` transaction (the write lock is held from the start, so nothing changes in between).
 * Both statements run in process against prepared statements: no round trips to save. The SET
 * expressions read the old row: `$2` is the new status, `$3` the check time.
 */
async function recordOnSqlite(
  tx: SqlSession,
  p: Params,
  alert: AlertParams,
  nowMs: number,
): Promise<RecordedRow | undefined> {
  const [before] = await tx.all<SqliteBefore>(
    `SELECT health_status, alerted_status, token_iv, workspace_name, owner_display_name, owner_tags
     FROM connections WHERE workspace_id = $1`,
    [p[0]],
  );
  if (before === undefined) return undefined;
  if (p[5] !== null && Buffer.from(before.token_iv).toString('hex') !== p[5]) return undefined;
  const [after] = await tx.all<{
    consecutive_failures: number | string;
    alerted_status: HealthStatus | null;
  }>(
    `UPDATE connections SET ${SET_SQLITE}
     WHERE workspace_id = $1 RETURNING consecutive_failures, alerted_status`,
    [
      p[0],
      p[1],
      p[2],
      p[3],
      p[4],
      alert.suppress,
      alert.threshold,
      alert.minMs,
      alert.maxMs,
      alert.failingMs,
    ],
  );
  const recorded = after as { consecutive_failures: number | string; alerted_status: HealthStatus };
  if (before.health_status !== p[1]) {
    await insertHistory(tx, [
      {
        workspaceId: p[0],
        from: before.health_status,
        to: p[1],
        atMs: p[2],
        reasonCode: p[3],
        missingScopesJson: p[4],
      },
    ]);
  }
  let event: RecordedRow['event'] = null;
  if (recorded.alerted_status !== before.alerted_status) {
    const { type, data } = healthEvent({
      workspaceId: p[0],
      workspaceName: before.workspace_name,
      ownerDisplayName: before.owner_display_name,
      ownerTags: tagsFromJson(before.owner_tags),
      previousStatus: before.health_status,
      previousAlerted: before.alerted_status,
      alerted: recorded.alerted_status,
      status: p[1],
      errorCode: p[3],
      missingScopes: JSON.parse(p[4]) as string[],
      consecutiveFailures: Number(recorded.consecutive_failures),
    });
    await insertEvents(tx, [{ type, workspaceId: p[0], data }], nowMs);
    event = type as RecordedRow['event'];
  }
  return {
    previous: before.health_status,
    consecutive_failures: recorded.consecutive_failures,
    event,
  };
}

/**
 * PostgreSQL: the inputs as arrays (unnest), the rows locked in workspace order (so two writers never
 * wait on each other in a cycle) to read each previous status, one UPDATE … FROM with the same
 * assignments as on SQLite, and the health events inserted from the UPDATE's RETURNING rows whose
 * alerted status changed, all in one statement (one round trip, one transaction). The event ids are
 * made here beforehand (one per entry, used only when an event is written). Rows that no longer exist,
 * or whose token changed since the lease, simply do not come back.
 */
async function recordPostgres(
  ctx: StoreContext,
  chunk: readonly Params[],
  alert: AlertParams,
  nowMs: number,
): Promise<(RecordedRow | undefined)[]> {
  const alerted = nextAlertedStatusSql(
    'input.status',
    'CAST($8 AS INTEGER)',
    'CAST($9 AS INTEGER)',
  );
  const nextCheck = nextCheckAtSql('input.status', 'input.checked', {
    min: 'CAST($11 AS BIGINT)',
    max: 'CAST($12 AS BIGINT)',
    failing: 'CAST($13 AS BIGINT)',
  });
  const rows = await ctx.driver.all<RecordedRow & { workspace_id: string }>(
    `WITH input AS (
       SELECT * FROM unnest(CAST($1 AS TEXT[]), CAST($2 AS TEXT[]), CAST($3 AS BIGINT[]), CAST($4 AS TEXT[]),
         CAST($5 AS TEXT[]), CAST($6 AS TEXT[]), CAST($7 AS TEXT[]))
         AS i(ws, status, checked, err, missing, ver, evt_id)
     ), prev AS (
       SELECT workspace_id AS prev_id, health_status AS prev_status, alerted_status AS prev_alerted
       FROM connections
       WHERE workspace_id IN (SELECT ws FROM input) ORDER BY workspace_id FOR UPDATE
     ), upd AS (
       UPDATE connections SET health_status = input.status,
         health_status_since_ms = CASE WHEN health_status_since_ms IS NULL OR health_status <> input.status
           THEN input.checked ELSE health_status_since_ms END,
         last_checked_at_ms = input.checked,
         next_check_at_ms = ${nextCheck},
         consecutive_failures = CASE WHEN input.status = 'failed_to_check' THEN consecutive_failures + 1 ELSE 0 END,
         last_error_code = input.err, missing_scopes = input.missing,
         alerted_status = ${alerted},
         lease_owner = NULL, lease_expires_at_ms = NULL
       FROM prev JOIN input ON input.ws = prev.prev_id
       WHERE connections.workspace_id = prev.prev_id
         AND (input.ver IS NULL OR encode(connections.token_iv, 'hex') = input.ver)
       RETURNING connections.workspace_id, connections.workspace_name, connections.owner_display_name,
         connections.owner_tags, connections.consecutive_failures, connections.alerted_status,
         prev.prev_status, prev.prev_alerted, input.status, input.checked, input.err, input.missing,
         input.evt_id
     ), hist AS (
       INSERT INTO health_history (workspace_id, from_status, to_status, at_ms, reason_code, missing_scopes)
       SELECT workspace_id, prev_status, status, checked, err, missing FROM upd WHERE prev_status <> status
     ), ins AS (
       INSERT INTO events (id, type, workspace_id, data, created_at_ms)
       SELECT evt_id,
         CASE WHEN alerted_status = 'healthy' THEN 'health.recovered' ELSE 'health.broken' END,
         workspace_id,
         CAST(json_build_object(
           'workspace_id', workspace_id,
           'workspace_name', workspace_name,
           'owner', json_build_object('display_name', owner_display_name, 'tags', CAST(owner_tags AS json)),
           'old_status', COALESCE(prev_alerted, prev_status),
           'new_status', status,
           'reason', CASE WHEN alerted_status = 'healthy' THEN NULL ELSE COALESCE(err, status) END,
           'missing_scopes', CAST(missing AS json),
           'consecutive_failures', consecutive_failures
         ) AS TEXT),
         CAST($10 AS BIGINT)
       FROM upd WHERE alerted_status IS DISTINCT FROM prev_alerted
       RETURNING id, type
     )
     SELECT upd.workspace_id, upd.prev_status AS previous, upd.consecutive_failures, ins.type AS event
     FROM upd LEFT JOIN ins ON ins.id = upd.evt_id`,
    [
      ...[0, 1, 2, 3, 4, 5].map((col) => chunk.map((p) => p[col])),
      chunk.map(() => newEventId(nowMs)),
      alert.suppress,
      alert.threshold,
      nowMs,
      alert.minMs,
      alert.maxMs,
      alert.failingMs,
    ],
  );
  const byId = new Map(rows.map((r) => [r.workspace_id, r]));
  return chunk.map((p) => byId.get(p[0]));
}

function invalid(message: string): ConnectionStoreError {
  return new ConnectionStoreError(ConnectionStoreErrorCode.INPUT_INVALID, message);
}
