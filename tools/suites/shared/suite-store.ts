/**
 * A fresh connection store for one suite phase: a SQLite file in a new temp dir, or a new PostgreSQL
 * schema. `open()` may be called many times (the health checker opens and closes its own store per
 * round); `databaseUrl` + `keys` are what a child process gets as DATABASE_URL/TOKEN_ENCRYPTION_KEYS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
  type ConnectionStore,
} from '@attio-auth/connection-store';

import { freshSchema, PG_URL } from './postgres.js';

/** A store location plus how to open and remove it. */
export interface SuiteStore {
  readonly driver: 'sqlite' | 'postgres';
  /** For a separate process (PostgreSQL: search_path points at the fresh schema). */
  readonly databaseUrl: string;
  /** TOKEN_ENCRYPTION_KEYS value. */
  readonly keys: string;
  /** SQLite only: the directory holding the database file (and its -wal/-shm). */
  readonly dir?: string;
  /** SQLite only: the database file. */
  readonly file?: string;
  /** PostgreSQL only. */
  readonly schema?: string;
  open(options?: { poolSize?: number }): Promise<ConnectionStore>;
  remove(): Promise<void>;
}

/**
 * Creates an empty store location for `driver`.
 *
 * @example
 * ```ts
 * const location = await createSuiteStore('postgres', 'suite_faults');
 * const store = await location.open();
 * await store.close();
 * await location.remove();
 * ```
 */
export async function createSuiteStore(
  driver: 'sqlite' | 'postgres',
  prefix: string,
): Promise<SuiteStore> {
  const keys = generateKeyRingEntry('suite1');
  const keyRing = parseKeyRing(keys);
  if (driver === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    const file = join(dir, 'connections.sqlite');
    return {
      driver,
      databaseUrl: `sqlite:${file}`,
      keys,
      dir,
      file,
      open: () => openConnectionStore({ databaseUrl: `sqlite:${file}`, keyRing }),
      remove: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const fresh = await freshSchema(prefix);
  return {
    driver,
    databaseUrl: fresh.databaseUrl,
    keys,
    schema: fresh.schema,
    open: (options = {}) =>
      openConnectionStore({
        databaseUrl: PG_URL,
        schema: fresh.schema,
        keyRing,
        ...(options.poolSize ? { poolSize: options.poolSize } : {}),
      }),
    remove: () => fresh.drop(),
  };
}
