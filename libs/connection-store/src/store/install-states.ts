import { createHash } from 'node:crypto';
import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import type { StoreContext } from './store-context.js';
import type { InstallStateStore } from './types.js';
import { requireDate, requireText } from './validate.js';

/**
 * Only a SHA-256 of the state is stored: a leaked database row cannot be replayed as a valid state,
 * and the lookup by exact value stays an indexed equality.
 */
function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown };
  // PostgreSQL 23505 unique_violation; SQLite SQLITE_CONSTRAINT_PRIMARYKEY.
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

/**
 * Server-side OAuth `state` storage (RFC 6749 §10.12): created at /install, consumed exactly once at the
 * callback. `consume` is one `DELETE … RETURNING`, so two concurrent callbacks with the same state can
 * never both succeed.
 *
 * @example
 * ```ts
 * await store.states.create({ state, bindingHash, expiresAt: new Date(Date.now() + 600_000) });
 * const found = await store.states.consume(state); // undefined on the second call
 * ```
 */
export function createInstallStateStore(ctx: StoreContext): InstallStateStore {
  return {
    async create({ state, bindingHash, expiresAt }) {
      requireText(state, 'state');
      requireText(bindingHash, 'bindingHash');
      requireDate(expiresAt, 'expiresAt');
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
    },

    async consume(state) {
      requireText(state, 'state');
      const rows = await ctx.driver.all<{
        binding_hash: string;
        expires_at_ms: number | string;
      }>('DELETE FROM install_states WHERE state_hash = $1 RETURNING binding_hash, expires_at_ms', [
        hashState(state),
      ]);
      if (rows.length === 0) return undefined;
      return {
        bindingHash: rows[0].binding_hash,
        expiresAt: new Date(Number(rows[0].expires_at_ms)),
      };
    },

    async purgeExpired() {
      return ctx.driver.run('DELETE FROM install_states WHERE expires_at_ms <= $1', [
        ctx.now().getTime(),
      ]);
    },
  };
}
