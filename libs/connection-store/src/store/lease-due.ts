import { decryptToken } from '../crypto/token-cipher.js';
import { CONNECTION_COLUMNS, toConnection, type ConnectionRow } from './connection-row.js';
import type { StoreContext } from './store-context.js';
import type { LeaseOptions, LeasedConnection } from './types.js';
import { requireDate, requireInteger, requireText } from './validate.js';

/** A leased row with its sealed token columns. */
export interface SealedRow extends ConnectionRow {
  token_kid: string;
  token_iv: Buffer;
  token_ciphertext: Buffer;
}

/**
 * Claims up to `limit` connections due for a check (never checked or re-installed since, or due before
 * `dueBefore`: their stored due time, see {@link LeaseOptions.dueBefore}) whose lease is free or expired,
 * leases them to `owner` until now + `leaseMs`, and returns each with its token still sealed (key id, IV,
 * ciphertext), in due order: never-checked first, then the longest overdue. A health checker gets what it needs for a batch in this one statement instead of one
 * `getToken` round trip per check; `openToken()` decrypts one token right before its own check, so
 * plaintext tokens never sit in memory for a whole batch.
 *
 * The sealed material is what the row held when it was leased: a connection re-saved (re-installed)
 * meanwhile is checked with the token of the lease. Its `tokenVersion` lets `record()` discard that
 * verdict (`expectTokenVersion`), so a re-install mid-round never reads as `revoked`.
 *
 * @example
 * ```ts
 * for (const { connection, openToken } of await leaseDue(ctx, { owner: 'checker-1', limit: 64, leaseMs: 60_000, dueBefore })) {
 *   await check(connection, openToken());
 * }
 * ```
 */
export async function leaseDue(
  ctx: StoreContext,
  options: LeaseOptions,
): Promise<LeasedConnection[]> {
  const owner = requireText(options?.owner, 'owner');
  const limit = requireInteger(options.limit, 'limit', 1, 10_000);
  const leaseMs = requireInteger(options.leaseMs, 'leaseMs', 1);
  const dueBeforeMs = requireDate(options.dueBefore, 'dueBefore').getTime();
  const nowMs = ctx.now().getTime();
  // One statement, so one atomic transaction on both drivers (it was a SELECT plus one UPDATE per row:
  // 65 queries for a batch of 64). PostgreSQL: each branch locks the due rows it picks and skips rows
  // another checker has locked (FOR UPDATE SKIP LOCKED re-checks the WHERE on the latest row version),
  // so concurrent claimers never get the same row. SQLite: a write statement holds the database's
  // single write lock for its whole run.
  //
  // Two branches instead of one `ORDER BY CASE WHEN … IS NULL …`: that expression matches no index, so
  // every lease sorted the whole table (about 20 ms at 10,000 rows, i.e. ~300 µs per check, on the event
  // loop for SQLite). Each branch walks connections_next_check_idx (due time, workspace id: exactly the
  // second branch's ORDER BY, so tied due times need no sort either) and stops at `limit`: the
  // never-checked rows (IS NULL lookup; any order among them), then the longest overdue. The second
  // branch may lock rows the outer LIMIT then drops; they are released when the statement ends.
  // Soft-deleted connections are never checked.
  const free =
    '(lease_expires_at_ms IS NULL OR lease_expires_at_ms <= $4) AND deleted_at_ms IS NULL';
  const claim = ctx.driver.dialect.claimSuffix;
  const rows = await ctx.driver.all<DueRow>(
    `UPDATE connections SET lease_owner = $1, lease_expires_at_ms = $2
     FROM (
       SELECT due_id FROM (
         SELECT due_id, due_at FROM (
           SELECT workspace_id AS due_id, next_check_at_ms AS due_at FROM connections
           WHERE next_check_at_ms IS NULL AND ${free}
           LIMIT $5${claim}
         ) never_checked
         UNION ALL
         SELECT due_id, due_at FROM (
           SELECT workspace_id AS due_id, next_check_at_ms AS due_at FROM connections
           WHERE next_check_at_ms < $3 AND ${free}
           ORDER BY next_check_at_ms, workspace_id
           LIMIT $5${claim}
         ) overdue
       ) candidates
       ORDER BY due_at NULLS FIRST, due_id
       LIMIT $5
     ) due
     WHERE connections.workspace_id = due.due_id
     RETURNING ${CONNECTION_COLUMNS}, token_kid, token_iv, token_ciphertext, next_check_at_ms`,
    [owner, nowMs + leaseMs, dueBeforeMs, nowMs, limit],
  );
  // RETURNING has no defined order: hand the batch out in due order.
  return rows.sort(byDueOrder).map((row) => toLeased(ctx, row));
}

/** A leased row with its due time (BIGINT: a string from pg). */
interface DueRow extends SealedRow {
  next_check_at_ms: number | string | null;
}

/**
 * One leased row as the checker gets it: the connection, its sealed token and the token's version.
 *
 * @example
 * ```ts
 * const leased = rows.map((row) => toLeased(ctx, row));
 * ```
 */
export function toLeased(ctx: StoreContext, row: SealedRow): LeasedConnection {
  const connection = toConnection(row);
  // Both drivers return Buffers; a copy would only add garbage per check.
  const sealed = { kid: row.token_kid, iv: row.token_iv, ciphertext: row.token_ciphertext };
  return {
    connection,
    openToken: () => decryptToken(ctx.keyRing, connection.workspaceId, sealed),
    // The IV is random per encryption (and not secret), so it names this sealed token exactly.
    tokenVersion: Buffer.from(row.token_iv).toString('hex'),
  };
}

/** Never-checked connections first, then the longest overdue, ties by workspace id. */
function byDueOrder(a: DueRow, b: DueRow): number {
  const at = a.next_check_at_ms === null ? -Infinity : Number(a.next_check_at_ms);
  const bt = b.next_check_at_ms === null ? -Infinity : Number(b.next_check_at_ms);
  if (at !== bt) return at - bt;
  return a.workspace_id < b.workspace_id ? -1 : a.workspace_id > b.workspace_id ? 1 : 0;
}
