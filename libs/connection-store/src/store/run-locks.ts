import type { StoreContext } from './store-context.js';
import { requireInteger, requireText } from './validate.js';

// Named locks with an expiry, stored as rows: the health checker takes one so only one scheduled run
// works at a time (SQLite has no advisory locks; the same rows work on PostgreSQL). A crashed holder
// cannot block forever: once `expires_at` has passed, anyone may take the lock over.

function check(name: string, owner: string, ttlMs?: number): void {
  requireText(name, 'name');
  requireText(owner, 'owner');
  if (ttlMs !== undefined) requireInteger(ttlMs, 'ttlMs', 1);
}

/**
 * Takes the lock when it is free or expired, or refreshes it when `owner` already holds it; one upsert.
 *
 * @example
 * ```ts
 * if (await acquireRunLock(ctx, 'token-health', 'host-1:4242', 60_000)) await run();
 * ```
 */
export async function acquireRunLock(
  ctx: StoreContext,
  name: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  check(name, owner, ttlMs);
  const nowMs = ctx.now().getTime();
  const rows = await ctx.driver.all(
    `INSERT INTO run_locks (name, owner, expires_at_ms) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at_ms = excluded.expires_at_ms
     WHERE run_locks.expires_at_ms <= $4 OR run_locks.owner = excluded.owner
     RETURNING owner`,
    [name, owner, nowMs + ttlMs, nowMs],
  );
  return rows.length === 1;
}

/**
 * Extends a lock `owner` holds and that has not expired.
 *
 * @example
 * ```ts
 * if (!(await renewRunLock(ctx, 'token-health', owner, 60_000))) abortRound();
 * ```
 */
export async function renewRunLock(
  ctx: StoreContext,
  name: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  check(name, owner, ttlMs);
  const nowMs = ctx.now().getTime();
  const changed = await ctx.driver.run(
    'UPDATE run_locks SET expires_at_ms = $1 WHERE name = $2 AND owner = $3 AND expires_at_ms > $4',
    [nowMs + ttlMs, name, owner, nowMs],
  );
  return changed === 1;
}

/**
 * Releases a lock `owner` holds; false if it held none.
 *
 * @example
 * ```ts
 * await releaseRunLock(ctx, 'token-health', owner);
 * ```
 */
export async function releaseRunLock(
  ctx: StoreContext,
  name: string,
  owner: string,
): Promise<boolean> {
  check(name, owner);
  const changed = await ctx.driver.run('DELETE FROM run_locks WHERE name = $1 AND owner = $2', [
    name,
    owner,
  ]);
  return changed === 1;
}
