import { redact } from '@attio-auth/attio-errors';
import { KeyRing } from './crypto/key-ring.js';
import { parseDatabaseUrl } from './database-url.js';
import { MIGRATIONS } from './drivers/migrations.js';
import { loadDriver, type ImportPackage } from './drivers/load-driver.js';
import { openPostgresDriver } from './drivers/postgres-driver.js';
import type { SqlDriver } from './drivers/sql-driver.js';
import { openSqliteDriver } from './drivers/sqlite-driver.js';
import { ConnectionStoreError, ConnectionStoreErrorCode } from './errors/connection-store-error.js';
import { SqlConnectionStore } from './store/sql-connection-store.js';
import type { OpenConnectionStoreOptions } from './open-connection-store.js';
import type { ConnectionStore } from './store/types.js';

/**
 * {@link openConnectionStore} with the package importer given: tests resolve a driver package from a
 * directory where it is not installed. Not exported from the package.
 *
 * @example
 * ```ts
 * const store = await openConnectionStoreWith({ keyRing }, (name) => import(name));
 * ```
 */
export async function openConnectionStoreWith(
  options: OpenConnectionStoreOptions,
  importPackage: ImportPackage,
): Promise<ConnectionStore> {
  if (!(options?.keyRing instanceof KeyRing)) {
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.CONFIG_INVALID,
      'openConnectionStore needs a keyRing: build one with parseKeyRing(TOKEN_ENCRYPTION_KEYS), or with ' +
        'loadOrCreateDevKeyRing() in demo/dev mode.',
    );
  }
  const now = options.now ?? (() => new Date());
  const target = parseDatabaseUrl(options.databaseUrl);
  const driver: SqlDriver =
    target.driver === 'postgres'
      ? openPostgresDriver(await loadDriver('pg', importPackage), {
          connectionString: target.connectionString,
          schema: options.schema,
          max: options.poolSize,
          connectTimeoutMs: options.connectTimeoutMs,
          statementTimeoutMs: options.statementTimeoutMs,
          lockTimeoutMs: options.lockTimeoutMs,
        })
      : openSqlite(await loadDriver('better-sqlite3', importPackage), target.path, options);
  try {
    await driver.migrate(MIGRATIONS, now().getTime());
  } catch (err) {
    await driver.close().catch(() => undefined);
    if (err instanceof ConnectionStoreError) throw err;
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.MIGRATION_FAILED,
      `Could not migrate the ${driver.kind} database: ${safeMessage(err, options.databaseUrl)}. Check that the file or server ` +
        'is writable and not used by an incompatible application.',
      { cause: err },
    );
  }
  return new SqlConnectionStore({ driver, keyRing: options.keyRing, now });
}

/**
 * Driver messages end up in our error text, so credentials are masked first: the URL's password
 * (drivers sometimes echo the connection string) and any bearer-like value.
 */
function safeMessage(err: unknown, databaseUrl: string | undefined): string {
  const secrets: string[] = [];
  try {
    const password = new URL(databaseUrl ?? '').password;
    if (password !== '') secrets.push(password, decodeURIComponent(password));
  } catch {
    // Not a URL (a plain SQLite path): nothing to mask beyond redact()'s own patterns.
  }
  return redact(err instanceof Error ? err.message : String(err), secrets);
}

function openSqlite(
  SqliteDatabase: Parameters<typeof openSqliteDriver>[0],
  path: string,
  options: OpenConnectionStoreOptions,
): SqlDriver {
  const busyTimeoutMs = options.sqliteBusyTimeoutMs;
  if (
    busyTimeoutMs !== undefined &&
    !(Number.isInteger(busyTimeoutMs) && busyTimeoutMs >= 0 && busyTimeoutMs <= 600_000)
  ) {
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.CONFIG_INVALID,
      'sqliteBusyTimeoutMs must be a whole number of milliseconds from 0 to 600000.',
    );
  }
  try {
    return openSqliteDriver(SqliteDatabase, path, { busyTimeoutMs });
  } catch (err) {
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.MIGRATION_FAILED,
      `Could not open the SQLite database at ${path}: ${safeMessage(err, options.databaseUrl)}. Check the path and its permissions.`,
      { cause: err },
    );
  }
}
