import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import { hashSecret as hashState, isUniqueViolation } from './secret-hash.js';
import type { StoreContext } from './store-context.js';
import type { ConsumedState } from './types.js';
import { requireDate, requireText } from './validate.js';

/**
 * Stores an OAuth `state` (RFC 6749 §10.12) at /install: its hash, the browser binding hash and the
 * expiry. Throws `STORE_STATE_EXISTS` when the same state is already stored.
 *
 * @example
 * ```ts
 * await createState(ctx, { state, bindingHash, expiresAt: new Date(Date.now() + 600_000) });
 * ```
 */
export async function createState(
  ctx: StoreContext,
  input: { state: string; bindingHash: string; expiresAt: Date },
): Promise<void> {
  const state = requireText(input?.state, 'state');
  const bindingHash = requireText(input.bindingHash, 'bindingHash');
  const expiresAt = requireDate(input.expiresAt, 'expiresAt');
  try {
    await ctx.driver.run(
      'INSERT INTO install_states (state_hash, binding_hash, expires_at_ms, created_at_ms) VALUES ($1, $2, $3, $4)',
      [hashState(state), bindingHash, expiresAt.getTime(), ctx.now().getTime()],
    );
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.STATE_EXISTS,
      'This install state is already stored; generate a fresh random state for every install.',
    );
  }
}

/**
 * Consumes a state at the callback. The claim is one `UPDATE … WHERE used_at_ms IS NULL RETURNING`:
 * a lone statement is atomic on both drivers (PostgreSQL re-checks the WHERE after waiting on a
 * concurrent claim's row lock; SQLite runs one writer at a time), so of two concurrent consumes
 * exactly one gets the row back. The first use burns the state whether or not it has expired. Only
 * when the claim finds nothing does a second, read-only statement tell "used" from "unknown".
 *
 * @example
 * ```ts
 * const consumed = await consumeState(ctx, state);
 * if (consumed.outcome === 'used') return refuse('this install link was already used');
 * ```
 */
export async function consumeState(ctx: StoreContext, state: string): Promise<ConsumedState> {
  const hash = hashState(requireText(state, 'state'));
  const nowMs = ctx.now().getTime();
  const claimed = await ctx.driver.all<{ binding_hash: string; expires_at_ms: number | string }>(
    `UPDATE install_states SET used_at_ms = $2 WHERE state_hash = $1 AND used_at_ms IS NULL
     RETURNING binding_hash, expires_at_ms`,
    [hash, nowMs],
  );
  if (claimed.length === 1) {
    const expiresAtMs = Number(claimed[0].expires_at_ms);
    if (expiresAtMs <= nowMs) return { outcome: 'expired' };
    return {
      outcome: 'ok',
      bindingHash: claimed[0].binding_hash,
      expiresAt: new Date(expiresAtMs),
    };
  }
  const seen = await ctx.driver.all('SELECT 1 AS seen FROM install_states WHERE state_hash = $1', [
    hash,
  ]);
  return { outcome: seen.length === 0 ? 'unknown' : 'used' };
}

/**
 * Deletes every state, used or not, whose expiry is at or before `now()`; returns how many. After
 * that a replayed state reads "unknown".
 *
 * @example
 * ```ts
 * setInterval(() => void purgeExpiredStates(ctx), 5 * 60_000).unref();
 * ```
 */
export function purgeExpiredStates(ctx: StoreContext): Promise<number> {
  return ctx.driver.run('DELETE FROM install_states WHERE expires_at_ms <= $1', [
    ctx.now().getTime(),
  ]);
}
