import type { OpenConnectionStoreOptions } from '@attio-auth/connection-store';

import type { Config } from './config.js';

/**
 * The PostgreSQL pool size and timeouts of DATABASE_POOL_SIZE and DATABASE_*_TIMEOUT_MS, as
 * `openConnectionStore` options (SQLite ignores them). One place, so the service and its test
 * harness open the store alike.
 *
 * @example
 * ```ts
 * openConnectionStore({ databaseUrl, keyRing, ...postgresStoreOptions(config) });
 * ```
 */
export function postgresStoreOptions(
  config: Config,
): Pick<
  OpenConnectionStoreOptions,
  'poolSize' | 'connectTimeoutMs' | 'statementTimeoutMs' | 'lockTimeoutMs'
> {
  const { poolSize, connectTimeoutMs, statementTimeoutMs, lockTimeoutMs } = config.store.postgres;
  return { poolSize, connectTimeoutMs, statementTimeoutMs, lockTimeoutMs };
}
