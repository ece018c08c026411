import { decryptToken } from '../crypto/token-cipher.js';
import { REVOCATION_COLUMNS, toRevocation, type RevocationRow } from './revocation-row.js';
import type { LeaseRevocationsOptions, LeasedRevocation } from './revocation-types.js';
import type { StoreContext } from './store-context.js';
import { requireDate, requireInteger, requireText } from './validate.js';

/** A leased entry with its sealed token columns (never NULL while pending). */
interface SealedRow extends RevocationRow {
  token_kid: string;
  token_iv: Buffer;
  token_ciphertext: Buffer;
}

/**
 * Claims up to `limit` pending entries that are due (`next_attempt_at_ms <= now`) and whose lease is
 * free or expired, leases them to `owner` until now + `leaseMs`, and returns each with its token
 * still sealed, oldest due first. One statement, so one atomic transaction on both drivers; on
 * PostgreSQL the inner SELECT takes `FOR UPDATE SKIP LOCKED`, so workers leasing at the same time
 * skip each other's rows instead of waiting for them or revoking the same token twice.
 *
 * @example
 * ```ts
 * for (const { revocation, openToken } of await leaseRevocations(ctx, { owner, limit: 50, leaseMs: 60_000 })) {
 *   await revoke(openToken());
 * }
 * ```
 */
export async function leaseRevocations(
  ctx: StoreContext,
  options: LeaseRevocationsOptions,
): Promise<LeasedRevocation[]> {
  const owner = requireText(options?.owner, 'owner');
  const limit = requireInteger(options.limit, 'limit', 1, 10_000);
  const leaseMs = requireInteger(options.leaseMs, 'leaseMs', 1);
  const nowMs = (options.now === undefined ? ctx.now() : requireDate(options.now, 'now')).getTime();
  const rows = await ctx.driver.all<SealedRow>(
    `UPDATE revocations SET lease_owner = $1, lease_expires_at_ms = $2
     WHERE id IN (
       SELECT id FROM revocations
       WHERE state = 'pending' AND next_attempt_at_ms <= $3
         AND (lease_expires_at_ms IS NULL OR lease_expires_at_ms <= $3)
       ORDER BY next_attempt_at_ms, created_at_ms, id
       LIMIT $4${ctx.driver.dialect.claimSuffix}
     )
     RETURNING ${REVOCATION_COLUMNS}, token_kid, token_iv, token_ciphertext`,
    [owner, nowMs + leaseMs, nowMs, limit],
  );
  const leased = rows.map((row): LeasedRevocation => {
    const revocation = toRevocation(row);
    const sealed = { kid: row.token_kid, iv: row.token_iv, ciphertext: row.token_ciphertext };
    return {
      revocation,
      openToken: () => decryptToken(ctx.keyRing, revocation.workspaceId, sealed),
    };
  });
  // RETURNING has no defined order: hand the batch out oldest due first.
  return leased.sort((a, b) => byDue(a, b));
}

function byDue(a: LeasedRevocation, b: LeasedRevocation): number {
  const [x, y] = [a.revocation, b.revocation];
  const due = (x.nextAttemptAt?.getTime() ?? 0) - (y.nextAttemptAt?.getTime() ?? 0);
  if (due !== 0) return due;
  const created = x.createdAt.getTime() - y.createdAt.getTime();
  if (created !== 0) return created;
  return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}
