import { CONNECTION_COLUMNS } from './connection-row.js';
import { toLeased, type SealedRow } from './lease-due.js';
import type { StoreContext } from './store-context.js';
import type {
  FlaggedLeaseOptions,
  LeasedConnection,
  SkipSeenHealthyOptions,
  StoredObservation,
} from './types.js';
import { requireArray, requireDate, requireInteger, requireText } from './validate.js';
import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';

const KINDS = new Set(['success', 'unauthorized', 'forbidden', 'inactive']);

/**
 * Writes a batch of observations (typically a coalescing recorder's flush: the latest one per connection)
 * in one transaction. A success moves `last_seen_ok_at_ms` forward only; a failure flags the connection for
 * the checker's fast recheck. Unknown and soft-deleted connections are ignored. Returns how many rows changed.
 *
 * @example
 * ```ts
 * await recordObservations(ctx, [{ workspaceId: 'ws_1', kind: 'unauthorized', at: new Date() }]);
 * ```
 */
export async function recordObservations(
  ctx: StoreContext,
  observations: readonly StoredObservation[],
): Promise<number> {
  requireArray(observations, 'observations');
  const params = observations.map((o, i) => {
    const workspaceId = requireText(o?.workspaceId, `observations[${i}].workspaceId`);
    if (!KINDS.has(o.kind)) {
      throw new ConnectionStoreError(
        ConnectionStoreErrorCode.INPUT_INVALID,
        `observations[${i}].kind must be one of ${[...KINDS].join(', ')}.`,
      );
    }
    return {
      workspaceId,
      kind: o.kind,
      atMs: requireDate(o.at, `observations[${i}].at`).getTime(),
    };
  });
  if (params.length === 0) return 0;
  return ctx.driver.transaction(async (tx) => {
    let changed = 0;
    for (const p of params) {
      changed +=
        p.kind === 'success'
          ? await tx.run(
              `UPDATE connections SET last_seen_ok_at_ms = $2
               WHERE workspace_id = $1 AND deleted_at_ms IS NULL
                 AND (last_seen_ok_at_ms IS NULL OR last_seen_ok_at_ms < $2)`,
              [p.workspaceId, p.atMs],
            )
          : await tx.run(
              `UPDATE connections SET flagged_at_ms = $2, flagged_kind = $3
               WHERE workspace_id = $1 AND deleted_at_ms IS NULL`,
              [p.workspaceId, p.atMs, p.kind],
            );
    }
    return changed;
  });
}

/**
 * Claims up to `limit` flagged connections (a client saw a failure) whose lease is free, oldest flag first,
 * and clears their flags in the same statement: each flag is handed to exactly one checker (PostgreSQL:
 * `SKIP LOCKED`). Walks only the partial index of flagged rows.
 *
 * @example
 * ```ts
 * for (const leased of await leaseFlagged(ctx, { owner: 'checker-1', limit: 16, leaseMs: 60_000 })) check(leased);
 * ```
 */
export async function leaseFlagged(
  ctx: StoreContext,
  options: FlaggedLeaseOptions,
): Promise<LeasedConnection[]> {
  const owner = requireText(options?.owner, 'owner');
  const limit = requireInteger(options.limit, 'limit', 1, 10_000);
  const leaseMs = requireInteger(options.leaseMs, 'leaseMs', 1);
  const nowMs = ctx.now().getTime();
  const rows = await ctx.driver.all<SealedRow>(
    `UPDATE connections SET lease_owner = $1, lease_expires_at_ms = $2, flagged_at_ms = NULL, flagged_kind = NULL
     FROM (
       SELECT workspace_id AS due_id FROM connections
       WHERE flagged_at_ms IS NOT NULL AND deleted_at_ms IS NULL
         AND (lease_expires_at_ms IS NULL OR lease_expires_at_ms <= $3)
       ORDER BY flagged_at_ms
       LIMIT $4${ctx.driver.dialect.claimSuffix}
     ) due
     WHERE connections.workspace_id = due.due_id
     RETURNING ${CONNECTION_COLUMNS}, token_kid, token_iv, token_ciphertext`,
    [owner, nowMs + leaseMs, nowMs, limit],
  );
  return rows
    .map((row) => toLeased(ctx, row))
    .sort((a, b) => (a.connection.workspaceId < b.connection.workspaceId ? -1 : 1));
}

/**
 * Takes up to `limit` due connections (never checked is not enough: they must be `healthy` already) that a
 * client used successfully at or after `seenSince`, with no unchecked failure flag and a free lease, out of
 * the round: their last check time becomes the time they were seen working (at least `dueBefore`), so this
 * round's lease passes them by. Returns how many were skipped (the round's `seen_healthy`).
 *
 * @example
 * ```ts
 * const skipped = await skipSeenHealthy(ctx, { dueBefore, seenSince: new Date(Date.now() - 600_000), limit: 1000 });
 * ```
 */
export async function skipSeenHealthy(
  ctx: StoreContext,
  options: SkipSeenHealthyOptions,
): Promise<number> {
  const dueBeforeMs = requireDate(options?.dueBefore, 'dueBefore').getTime();
  const seenSinceMs = requireDate(options.seenSince, 'seenSince').getTime();
  const limit = requireInteger(options.limit, 'limit', 1, 100_000);
  const nowMs = ctx.now().getTime();
  // Walks connections_next_check_idx over the due rows only (as leaseDue does), stopping at `limit`.
  // `health_status || ''` keeps SQLite (no planner statistics) off connections_status_idx: an equality
  // on it looked cheaper than the range, so every call visited every healthy row and sorted the matches.
  return ctx.driver.run(
    // The last check time becomes the time the token was seen working, and the due time too, but never
    // before the due bound: at or after it the row is not due for this round (a lease takes `< dueBefore`).
    `UPDATE connections SET last_checked_at_ms = seen.skip_to, next_check_at_ms = seen.skip_to
     FROM (
       SELECT workspace_id AS due_id,
         CASE WHEN last_seen_ok_at_ms > $1 THEN last_seen_ok_at_ms ELSE $1 END AS skip_to
       FROM connections
       WHERE next_check_at_ms < $1 AND last_seen_ok_at_ms >= $2 AND last_seen_ok_at_ms > last_checked_at_ms
         AND health_status || '' = 'healthy' AND flagged_at_ms IS NULL AND deleted_at_ms IS NULL
         AND (lease_expires_at_ms IS NULL OR lease_expires_at_ms <= $3)
       ORDER BY next_check_at_ms, workspace_id
       LIMIT $4${ctx.driver.dialect.claimSuffix}
     ) seen
     WHERE connections.workspace_id = seen.due_id`,
    [dueBeforeMs, seenSinceMs, nowMs, limit],
  );
}
