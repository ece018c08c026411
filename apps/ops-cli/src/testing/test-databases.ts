import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
  type ConnectionStore,
} from '@attio-auth/connection-store';
import { DEFAULT_TEST_DATABASE_URL, postgresReachable } from '@attio-auth/connection-store/testing';
import pg from 'pg';

/** The PostgreSQL tests use (TEST_DATABASE_URL or the local trust-auth server). */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? DEFAULT_TEST_DATABASE_URL;

/**
 * One store for one test: the environment the CLI reads to reach it (DATABASE_URL,
 * TOKEN_ENCRYPTION_KEYS) and a way to open it directly to seed and inspect rows.
 */
export interface TestDatabase {
  readonly env: Record<string, string>;
  readonly keys: string;
  /** Opens the store directly (with another key ring to check a rotation). */
  open(keys?: string): Promise<ConnectionStore>;
  cleanup(): Promise<void>;
}

export interface DriverCase {
  readonly driver: 'sqlite' | 'postgres';
  /** The describe title's suffix when PostgreSQL is not there. */
  readonly skip?: string;
  fresh(): Promise<TestDatabase>;
}

const pgUp = postgresReachable(TEST_DATABASE_URL);

function tracked(
  env: Record<string, string>,
  keys: string,
  openWith: (keys: string) => Promise<ConnectionStore>,
  drop: () => Promise<void>,
): TestDatabase {
  const opened: ConnectionStore[] = [];
  return {
    env: { ...env, TOKEN_ENCRYPTION_KEYS: keys },
    keys,
    async open(ring = keys) {
      const store = await openWith(ring);
      opened.push(store);
      return store;
    },
    async cleanup() {
      for (const s of opened) await s.close().catch(() => undefined);
      await drop();
    },
  };
}

export const SQLITE: DriverCase = {
  driver: 'sqlite',
  async fresh() {
    const dir = await mkdtemp(join(tmpdir(), 'ops-cli-'));
    const databaseUrl = `sqlite:${join(dir, 'c.sqlite')}`;
    const db = tracked(
      { DATABASE_URL: databaseUrl },
      generateKeyRingEntry('k1'),
      (keys) => openConnectionStore({ databaseUrl, keyRing: parseKeyRing(keys) }),
      () => rm(dir, { recursive: true, force: true }),
    );
    await db.open(); // creates the file and its tables, as the callback service would
    return db;
  },
};

export const POSTGRES: DriverCase = {
  driver: 'postgres',
  skip: pgUp ? undefined : `(skipped: PostgreSQL not reachable at ${TEST_DATABASE_URL})`,
  async fresh() {
    const schema = `ops_test_${randomBytes(5).toString('hex')}`;
    // The CLI has no schema variable: the search path in the URL points it at the test's schema.
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const db = tracked(
      { DATABASE_URL: url.toString() },
      generateKeyRingEntry('k1'),
      (keys) =>
        openConnectionStore({
          databaseUrl: TEST_DATABASE_URL,
          schema,
          keyRing: parseKeyRing(keys),
        }),
      async () => {
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      },
    );
    await db.open();
    return db;
  },
};

export const DRIVERS: readonly DriverCase[] = [SQLITE, POSTGRES];
