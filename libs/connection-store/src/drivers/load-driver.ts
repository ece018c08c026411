import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';

/** The database client packages, optional peer dependencies: each app installs the one it uses. */
export interface DriverPackages {
  'better-sqlite3': typeof BetterSqlite3;
  pg: typeof pg;
}

/** Imports a package by name (`(name) => import(name)` unless a test resolves from elsewhere). */
export type ImportPackage = (name: keyof DriverPackages) => Promise<unknown>;

const INSTALL_HINT: Record<keyof DriverPackages, string> = {
  'better-sqlite3': 'npm install better-sqlite3@12',
  pg: 'npm install pg',
};

const FOR_URLS: Record<keyof DriverPackages, string> = {
  'better-sqlite3': 'SQLite (sqlite:/file: URLs, a path, or no URL)',
  pg: 'PostgreSQL (postgres:// URLs)',
};

/** Node's "cannot resolve this very package" (ESM ERR_MODULE_NOT_FOUND, CJS MODULE_NOT_FOUND). */
function isMissing(err: unknown, name: string): boolean {
  const { code, message } = err as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${name}'`)
  );
}

/**
 * Loads a driver package when a store is opened, not when connection-store is imported: an app on SQLite
 * never needs `pg`, one on PostgreSQL never needs the native `better-sqlite3`. A package that is not
 * installed becomes `STORE_DRIVER_MISSING` naming the command that installs it; any other load failure
 * is passed through as it is.
 *
 * @example
 * ```ts
 * const pg = await loadDriver('pg');
 * const pool = new pg.Pool({ connectionString });
 * ```
 */
export async function loadDriver<N extends keyof DriverPackages>(
  name: N,
  importPackage: ImportPackage = (n) => import(n),
): Promise<DriverPackages[N]> {
  let loaded: unknown;
  try {
    loaded = await importPackage(name);
  } catch (err) {
    if (!isMissing(err, name)) throw err;
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.DRIVER_MISSING,
      `The ${FOR_URLS[name]} driver "${name}" is not installed. It is an optional peer dependency of ` +
        `@attio-auth/connection-store: run \`${INSTALL_HINT[name]}\` in your application.`,
      { cause: err },
    );
  }
  // Both are CommonJS packages: an ESM import puts module.exports on `default`.
  const mod = loaded as { default?: DriverPackages[N] };
  return mod.default ?? (loaded as DriverPackages[N]);
}
