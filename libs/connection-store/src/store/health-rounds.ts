import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import { HEALTH_ROUNDS_KEPT, type HealthRound, type NewHealthRound } from './health-round-types.js';
import type { StoreContext } from './store-context.js';
import { HEALTH_STATUSES, type HealthStatus } from './types.js';
import { requireDate, requireHealthStatus, requireInteger, requireText } from './validate.js';

const COLUMNS =
  'id, owner, kind, started_at_ms, finished_at_ms, checked, counts, seen_healthy, interrupted, exit_code';

interface RoundRow {
  id: number | string;
  owner: string;
  kind: string;
  started_at_ms: number | string;
  finished_at_ms: number | string;
  checked: number | string;
  counts: string;
  seen_healthy: number | string;
  interrupted: number | string;
  exit_code: number | string;
}

/**
 * Inserts a finished round and trims the table to the newest `keep` rounds, in one transaction, so
 * the table never grows past `keep` rows whatever the schedule (one round a minute is 1,000 in 17 h).
 *
 * @example
 * ```ts
 * const stored = await recordRound(ctx, summary);
 * ```
 */
export async function recordRound(
  ctx: StoreContext,
  round: NewHealthRound,
  options: { keep?: number } = {},
): Promise<HealthRound> {
  if (round === null || typeof round !== 'object') throw invalid('round must be an object.');
  const owner = requireText(round.owner, 'owner');
  if (round.kind !== 'round') throw invalid("kind must be 'round'.");
  const startedMs = requireDate(round.startedAt, 'startedAt').getTime();
  const finishedMs = requireDate(round.finishedAt, 'finishedAt').getTime();
  if (finishedMs < startedMs) throw invalid('finishedAt must not be before startedAt.');
  const checked = requireInteger(round.checked, 'checked', 0);
  const seenHealthy = requireInteger(round.seenHealthy, 'seenHealthy', 0);
  const exitCode = requireInteger(round.exitCode, 'exitCode', 0, 255);
  if (typeof round.interrupted !== 'boolean') throw invalid('interrupted must be a boolean.');
  const counts = fullCounts(round.counts);
  const keep = requireInteger(options.keep ?? HEALTH_ROUNDS_KEPT, 'keep', 1, 100_000);
  return ctx.driver.transaction(async (tx) => {
    const [row] = await tx.all<RoundRow>(
      `INSERT INTO health_rounds (owner, kind, started_at_ms, finished_at_ms, checked, counts, seen_healthy,
         interrupted, exit_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING ${COLUMNS}`,
      [
        owner,
        round.kind,
        startedMs,
        finishedMs,
        checked,
        JSON.stringify(counts),
        seenHealthy,
        round.interrupted ? 1 : 0,
        exitCode,
      ],
    );
    // Everything older than the keep-th newest round (index health_rounds_finished_idx).
    await tx.run(
      `DELETE FROM health_rounds WHERE id NOT IN (
         SELECT id FROM health_rounds ORDER BY finished_at_ms DESC, id DESC LIMIT $1)`,
      [keep],
    );
    return toRound(row);
  });
}

/**
 * The newest rounds first, at most `limit`.
 *
 * @example
 * ```ts
 * const [last] = await lastRounds(ctx, 1);
 * ```
 */
export async function lastRounds(ctx: StoreContext, limit = 10): Promise<HealthRound[]> {
  const n = requireInteger(limit, 'limit', 1, 1_000);
  const rows = await ctx.driver.all<RoundRow>(
    `SELECT ${COLUMNS} FROM health_rounds ORDER BY finished_at_ms DESC, id DESC LIMIT $1`,
    [n],
  );
  return rows.map(toRound);
}

function toRound(r: RoundRow): HealthRound {
  return {
    id: Number(r.id),
    owner: r.owner,
    kind: 'round',
    startedAt: new Date(Number(r.started_at_ms)),
    finishedAt: new Date(Number(r.finished_at_ms)),
    checked: Number(r.checked),
    counts: fullCounts(JSON.parse(r.counts) as Partial<Record<HealthStatus, number>>),
    seenHealthy: Number(r.seen_healthy),
    interrupted: Number(r.interrupted) === 1,
    exitCode: Number(r.exit_code),
  };
}

/** Every status present, the given counts validated (non-negative integers of known statuses). */
function fullCounts(counts: unknown): Record<HealthStatus, number> {
  if (counts === null || typeof counts !== 'object') throw invalid('counts must be an object.');
  const full = Object.fromEntries(HEALTH_STATUSES.map((s) => [s, 0])) as Record<
    HealthStatus,
    number
  >;
  for (const [status, n] of Object.entries(counts)) {
    full[requireHealthStatus(status)] = requireInteger(n, `counts.${status}`, 0);
  }
  return full;
}

function invalid(message: string): ConnectionStoreError {
  return new ConnectionStoreError(ConnectionStoreErrorCode.INPUT_INVALID, message);
}
