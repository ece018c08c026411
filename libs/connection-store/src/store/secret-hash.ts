import { createHash } from 'node:crypto';

/**
 * The SHA-256 (hex) under which single-use secrets (OAuth states, install session ids) are stored: a
 * leaked database row cannot be replayed, and the lookup by exact value stays an indexed equality.
 *
 * @example
 * ```ts
 * await db.run('INSERT INTO install_states (state_hash, …) VALUES ($1, …)', [hashSecret(state), …]);
 * ```
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * True for a primary-key or unique violation on either driver (PostgreSQL 23505; SQLite's constraint codes).
 *
 * @example
 * ```ts
 * try { await insert(); } catch (err) { if (isUniqueViolation(err)) throw alreadyExists(); throw err; }
 * ```
 */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown };
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}
