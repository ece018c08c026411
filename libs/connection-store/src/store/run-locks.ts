import type { StoreContext } from './store-context.js';
import { requireInteger, requireText } from './validate.js';

/**
 * Named locks with an expiry, stored as rows: the health checker takes one so only one scheduled run
 * works at a time (SQLite has no advisory locks; the same rows work on PostgreSQL). A crashed holder
 * cannot block forever: once `expires_at` has passed, anyone may take the lock over.
 */
export interface RunLocks {
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  renew(name: string, owner: string, ttlMs: number): Promise<boolean>;
  release(name: string, owner: string): Promise<boolean>;
}

function check(name: string, owner: string, ttlMs?: number): void {
  requireText(name, 'name');
  requireText(owner, 'owner');
  if (ttlMs !== undefined) requireInteger(ttlMs, 'ttlMs', 1);
}

/**
 * Builds the run-lock operations for a store.
 *
 * @example
 * ```ts
 * const locks = createRunLocks(ctx);
 * if (await locks.acquire('token-health', 'host-1:4242', 60_000)) {
 *   try { await run(); } finally { await locks.release('token-health', 'host-1:4242'); }
 * }
 * ```
 */
export function createRunLocks(ctx: StoreContext): RunLocks {
  return {
    async acquire(name, owner, ttlMs) {
      check(name, owner, ttlMs);
      const nowMs = ctx.now().getTime();
      // One upsert: insert when free; take over when expired; refresh when we already hold it.
      const rows = await ctx.driver.all(
        `INSERT INTO run_locks (name, owner, expires_at_ms) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at_ms = excluded.expires_at_ms
         WHERE run_locks.expires_at_ms <= $4 OR run_locks.owner = excluded.owner
         RETURNING owner`,
        [name, owner, nowMs + ttlMs, nowMs],
      );
      return rows.length === 1;
    },

    async renew(name, owner, ttlMs) {
      check(name, owner, ttlMs);
      const nowMs = ctx.now().getTime();
      const changed = await ctx.driver.run(
        'UPDATE run_locks SET expires_at_ms = $1 WHERE name = $2 AND owner = $3 AND expires_at_ms > $4',
        [nowMs + ttlMs, name, owner, nowMs],
      );
      return changed === 1;
    },

    async release(name, owner) {
      check(name, owner);
      const changed = await ctx.driver.run('DELETE FROM run_locks WHERE name = $1 AND owner = $2', [
        name,
        owner,
      ]);
      return changed === 1;
    },
  };
}
