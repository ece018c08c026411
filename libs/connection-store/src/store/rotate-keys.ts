import { decryptToken, encryptToken } from '../crypto/token-cipher.js';
import { rotateRevocations } from './rotate-revocations.js';
import type { StoreContext } from './store-context.js';
import type { RotateKeysOptions } from './types.js';

/** Rows re-encrypted per keyset page; each row still gets its own short transaction. */
export const ROTATION_BATCH_SIZE = 100;

interface SealedRow {
  token_kid: string;
  token_iv: Buffer;
  token_ciphertext: Buffer;
}

/**
 * Re-encrypts every token not yet on the active key (connections, soft-deleted ones included, then
 * pending revocations). Pages through candidate ids by keyset (never all
 * rows in memory) and rotates each row in its own transaction that re-reads it under lock, so a
 * concurrent re-install is never overwritten with an older token. Stops with `STORE_KEY_UNKNOWN` if a
 * row's key is missing from the ring; rows rotated before that stay rotated, and a re-run continues.
 *
 * @example
 * ```ts
 * // TOKEN_ENCRYPTION_KEYS="new:…,old:…"
 * const { rotated } = await rotateKeys(ctx); // afterwards "old" can be removed from the ring
 * ```
 */
export async function rotateKeys(
  ctx: StoreContext,
  batchSize = ROTATION_BATCH_SIZE,
  onProgress?: RotateKeysOptions['onProgress'],
): Promise<{ rotated: number }> {
  const active = ctx.keyRing.activeKeyId;
  const { dialect } = ctx.driver;
  let rotated = 0;
  let after = '';
  // Counted once, up front, only when someone watches: a progress total, not a guarantee (rows
  // written meanwhile are sealed with the active key already and never need rotating).
  const total = onProgress ? await countToRotate(ctx) : 0;
  onProgress?.({ rotated, total });
  for (;;) {
    const page = await ctx.driver.all<{ workspace_id: string }>(
      `SELECT workspace_id FROM connections WHERE token_kid <> $1 AND workspace_id > $2
       ORDER BY workspace_id LIMIT $3`,
      [active, after, batchSize],
    );
    for (const { workspace_id: workspaceId } of page) {
      const changed = await ctx.driver.transaction(async (tx) => {
        const rows = await tx.all<SealedRow>(
          `SELECT token_kid, token_iv, token_ciphertext FROM connections WHERE workspace_id = $1${dialect.lockSuffix}`,
          [workspaceId],
        );
        if (rows.length === 0 || rows[0].token_kid === active) return false;
        const token = decryptToken(ctx.keyRing, workspaceId, {
          kid: rows[0].token_kid,
          iv: Buffer.from(rows[0].token_iv),
          ciphertext: Buffer.from(rows[0].token_ciphertext),
        });
        const sealed = encryptToken(ctx.keyRing, workspaceId, token);
        await tx.run(
          'UPDATE connections SET token_kid = $1, token_iv = $2, token_ciphertext = $3 WHERE workspace_id = $4',
          [sealed.kid, sealed.iv, sealed.ciphertext, workspaceId],
        );
        return true;
      });
      if (changed) rotated += 1;
    }
    onProgress?.({ rotated, total });
    if (page.length < batchSize) break;
    after = page[page.length - 1].workspace_id;
  }
  const base = rotated;
  rotated += await rotateRevocations(ctx, batchSize, (n) =>
    onProgress?.({ rotated: base + n, total }),
  );
  return { rotated };
}

async function countToRotate(ctx: StoreContext): Promise<number> {
  const active = ctx.keyRing.activeKeyId;
  const [connections] = await ctx.driver.all<{ n: number | string }>(
    'SELECT COUNT(*) AS n FROM connections WHERE token_kid <> $1',
    [active],
  );
  const [revocations] = await ctx.driver.all<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM revocations WHERE state = 'pending' AND token_kid <> $1`,
    [active],
  );
  return Number(connections?.n ?? 0) + Number(revocations?.n ?? 0);
}
