import { decryptToken } from '../crypto/token-cipher.js';
import { toConnection, type ConnectionRow } from './connection-row.js';
import { byDueOrder, leaseDueRows } from './health-and-leases.js';
import type { StoreContext } from './store-context.js';
import type { LeaseDueOptions, LeasedConnection } from './types.js';

/** A leased row with its sealed token columns. */
interface SealedRow extends ConnectionRow {
  token_kid: string;
  token_iv: Buffer;
  token_ciphertext: Buffer;
}

/**
 * `leaseDue`, with each connection's token still sealed (key id, IV, ciphertext) beside it: a health
 * checker gets what it needs for a batch in the one claiming statement instead of one `getToken` round
 * trip per check. Nothing is decrypted here; `openToken()` decrypts one token, right before its own
 * check, so plaintext tokens never sit in memory for a whole batch.
 *
 * The sealed material is what the row held when it was leased: a connection re-saved (re-installed)
 * meanwhile is checked with the token of the lease, and its result is then written by `recordHealth`
 * like any other (the same window `getToken` had between reading and recording).
 *
 * @example
 * ```ts
 * for (const { connection, openToken } of await leaseDueWithTokens(ctx, options)) {
 *   await check(connection, openToken());
 * }
 * ```
 */
export async function leaseDueWithTokens(
  ctx: StoreContext,
  options: LeaseDueOptions,
): Promise<LeasedConnection[]> {
  const rows = await leaseDueRows<SealedRow>(
    ctx,
    options,
    ', token_kid, token_iv, token_ciphertext',
  );
  const leased = rows.map((row) => {
    const connection = toConnection(row);
    const sealed = {
      kid: row.token_kid,
      // Both drivers return Buffers; a copy would only add garbage per check.
      iv: Buffer.isBuffer(row.token_iv) ? row.token_iv : Buffer.from(row.token_iv),
      ciphertext: Buffer.isBuffer(row.token_ciphertext)
        ? row.token_ciphertext
        : Buffer.from(row.token_ciphertext),
    };
    return {
      connection,
      openToken: () => decryptToken(ctx.keyRing, connection.workspaceId, sealed),
    };
  });
  // RETURNING has no defined order: hand the batch out in due order (never checked, then oldest).
  return leased.sort((a, b) => byDueOrder(a.connection, b.connection));
}
