import { ConnectionStoreError, ConnectionStoreErrorCode } from './errors/connection-store-error.js';

/**
 * The embedded default database file.
 *
 * @example
 * ```ts
 * parseDatabaseUrl(undefined); // { driver: 'sqlite', path: DEFAULT_SQLITE_PATH }
 * ```
 */
export const DEFAULT_SQLITE_PATH = './.data/connections.sqlite';

/**
 * Which driver a database URL selects, and its target.
 *
 * @example
 * ```ts
 * const target: DatabaseTarget = parseDatabaseUrl(process.env.DATABASE_URL);
 * ```
 */
export type DatabaseTarget =
  | { driver: 'sqlite'; path: string }
  | { driver: 'postgres'; connectionString: string };

/**
 * Chooses the driver from a database URL: `postgres://…` / `postgresql://…` → PostgreSQL;
 * `sqlite:PATH`, `sqlite://PATH`, `file:PATH`, a plain path, `:memory:` or nothing → SQLite
 * (default `./.data/connections.sqlite`). Any other scheme is refused with `STORE_CONFIG_INVALID`;
 * the message names the scheme only, never the URL (it may hold a password).
 *
 * @example
 * ```ts
 * parseDatabaseUrl(undefined); // { driver: 'sqlite', path: './.data/connections.sqlite' }
 * parseDatabaseUrl('sqlite:/var/lib/app/c.sqlite'); // { driver: 'sqlite', path: '/var/lib/app/c.sqlite' }
 * parseDatabaseUrl('postgres://app@db:5432/app'); // { driver: 'postgres', connectionString: … }
 * ```
 */
export function parseDatabaseUrl(databaseUrl: string | undefined): DatabaseTarget {
  const value = databaseUrl?.trim() ?? '';
  if (value === '') return { driver: 'sqlite', path: DEFAULT_SQLITE_PATH };
  if (/^postgres(ql)?:\/\//i.test(value)) return { driver: 'postgres', connectionString: value };
  const prefixed = /^(sqlite|file):(.*)$/i.exec(value);
  if (prefixed) {
    // sqlite:///abs/path and file:///abs/path keep the leading slash of the absolute path.
    const path = prefixed[2].startsWith('//') ? prefixed[2].slice(2) : prefixed[2];
    if (path === '')
      throw invalid(
        `"${prefixed[1]}:" needs a file path, e.g. ${prefixed[1]}:./.data/connections.sqlite`,
      );
    return { driver: 'sqlite', path };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (scheme) {
    throw invalid(
      `unsupported scheme "${scheme[1]}:"; use postgres://…, postgresql://…, sqlite:PATH, file:PATH or a file path`,
    );
  }
  return { driver: 'sqlite', path: value };
}

function invalid(problem: string): ConnectionStoreError {
  return new ConnectionStoreError(
    ConnectionStoreErrorCode.CONFIG_INVALID,
    `Invalid database URL: ${problem}.`,
  );
}
