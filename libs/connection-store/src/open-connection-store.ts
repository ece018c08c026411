import type { KeyRing } from './crypto/key-ring.js';
import type { PostgresTimeouts } from './drivers/postgres-timeouts.js';
import { openConnectionStoreWith } from './open-connection-store-with.js';
import type { ConnectionStore } from './store/types.js';

/**
 * Options of {@link openConnectionStore}. The PostgreSQL timeouts (`connectTimeoutMs` 5000,
 * `statementTimeoutMs` 10000, `lockTimeoutMs` 3000 by default; 0 = off) are ignored for SQLite.
 *
 * @example
 * ```ts
 * const options: OpenConnectionStoreOptions = { databaseUrl: 'postgres://app@db/app', keyRing, schema: 'attio' };
 * ```
 */
export interface OpenConnectionStoreOptions extends PostgresTimeouts {
  /** `postgres://…` or `sqlite:PATH` / `file:PATH` / a path; default `./.data/connections.sqlite`. */
  databaseUrl?: string;
  /** Keys for token encryption; the first encrypts new writes. */
  keyRing: KeyRing;
  /** Injected clock (default `() => new Date()`). */
  now?: () => Date;
  /** PostgreSQL only: schema for the tables, created if missing (tests use a fresh one). Ignored for SQLite. */
  schema?: string;
  /** PostgreSQL only: pool size (default 10). */
  poolSize?: number;
  /**
   * SQLite only: how long a statement waits for another process's write lock, in ms (default 5000),
   * before failing with `STORE_UNAVAILABLE`. The wait is asynchronous: the event loop keeps serving.
   */
  sqliteBusyTimeoutMs?: number;
}

/**
 * Opens the store for the given database URL and applies pending migrations before returning. The
 * driver package (`better-sqlite3` or `pg`, optional peer dependencies) is imported here, on first
 * use; when it is not installed this throws `STORE_DRIVER_MISSING` naming the install command. Two
 * processes opening the same database at once are safe (advisory lock on PostgreSQL,
 * `BEGIN IMMEDIATE` on SQLite).
 *
 * @example
 * ```ts
 * const store = await openConnectionStore({
 *   databaseUrl: config.DATABASE_URL, // undefined → ./.data/connections.sqlite
 *   keyRing: parseKeyRing(config.TOKEN_ENCRYPTION_KEYS),
 * });
 * const token = await store.getToken(workspaceId);
 * ```
 */
export function openConnectionStore(options: OpenConnectionStoreOptions): Promise<ConnectionStore> {
  return openConnectionStoreWith(options, (name) => import(name));
}
