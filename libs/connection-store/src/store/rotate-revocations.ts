import { decryptToken, encryptToken } from '../crypto/token-cipher.js';
import type { StoreContext } from './store-context.js';

interface SealedRow {
  workspace_id: string;
  token_kid: string | null;
  token_iv: Buffer | null;
  token_ciphertext: Buffer | null;
}

/**
 * Re-encrypts the sealed token of every pending revocation not yet on the active key, like
 * `rotateKeys` does for connections (keyset pages by id, one short transaction per entry that
 * re-reads it under lock). Without it, dropping an old key after a rotation would leave queued tokens
 * nobody can open to revoke. Returns how many entries it re-encrypted.
 *
 * @example
 * ```ts
 * const rotated = await rotateRevocations(ctx, 100);
 * ```
 */
export async function rotateRevocations(
  ctx: StoreContext,
  batchSize: number,
  onPage?: (rotated: number) => void,
): Promise<number> {
  const active = ctx.keyRing.activeKeyId;
  const { dialect } = ctx.driver;
  let rotated = 0;
  let after = '';
  for (;;) {
    const page = await ctx.driver.all<{ id: string }>(
      `SELECT id FROM revocations WHERE state = 'pending' AND token_kid <> $1 AND id > $2
       ORDER BY id LIMIT $3`,
      [active, after, batchSize],
    );
    for (const { id } of page) {
      const changed = await ctx.driver.transaction(async (tx) => {
        const [row] = await tx.all<SealedRow>(
          `SELECT workspace_id, token_kid, token_iv, token_ciphertext FROM revocations
           WHERE id = $1 AND state = 'pending'${dialect.lockSuffix}`,
          [id],
        );
        if (row?.token_kid == null || row.token_kid === active) return false;
        const token = decryptToken(ctx.keyRing, row.workspace_id, {
          kid: row.token_kid,
          iv: Buffer.from(row.token_iv as Buffer),
          ciphertext: Buffer.from(row.token_ciphertext as Buffer),
        });
        const sealed = encryptToken(ctx.keyRing, row.workspace_id, token);
        await tx.run(
          'UPDATE revocations SET token_kid = $1, token_iv = $2, token_ciphertext = $3 WHERE id = $4',
          [sealed.kid, sealed.iv, sealed.ciphertext, id],
        );
        return true;
      });
      if (changed) rotated += 1;
    }
    onPage?.(rotated);
    if (page.length < batchSize) return rotated;
    after = (page[page.length - 1] as { id: string }).id;
  }
}
