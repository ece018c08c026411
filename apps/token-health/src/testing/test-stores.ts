import { spawnSync } from 'node:child_process';
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
import pg from 'pg';

/** The PostgreSQL tests use (common rule: TEST_DATABASE_URL or the local trust-auth server). */
export const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Decided synchronously (child process) because Jest must know before registering tests. */
export function postgresReachable(url = TEST_DATABASE_URL): boolean {
  const script =
    "const {Client}=require('pg');const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});" +
    'c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1));';
  return (
    spawnSync(process.execPath, ['-e', script, url], { timeout: 10_000, stdio: 'ignore' })
      .status === 0
  );
}

/** One database for one test: open any number of stores on it (workers), then clean up. */
export interface TestDatabase {
  readonly driver: 'sqlite' | 'postgres';
  readonly keys: string;
  open(options?: { now?: () => Date }): Promise<ConnectionStore>;
  cleanup(): Promise<void>;
}

/** A driver the suites run against; `skip` holds the describe title when PostgreSQL is unavailable. */
export interface DriverCase {
  readonly driver: 'sqlite' | 'postgres';
  readonly skip?: string;
  fresh(): Promise<TestDatabase>;
}

const pgUp = postgresReachable();
if (!pgUp && process.env['REQUIRE_PG'] === '1') {
  throw new Error(`REQUIRE_PG=1 but PostgreSQL is not reachable at ${TEST_DATABASE_URL}`);
}

export const SQLITE: DriverCase = {
  driver: 'sqlite',
  async fresh() {
    const dir = await mkdtemp(join(tmpdir(), 'token-health-'));
    const keys = generateKeyRingEntry('t1');
    const opened: ConnectionStore[] = [];
    return {
      driver: 'sqlite',
      keys,
      async open(options) {
        const store = await openConnectionStore({
          databaseUrl: `sqlite:${join(dir, 'c.sqlite')}`,
          keyRing: parseKeyRing(keys),
          now: options?.now,
        });
        opened.push(store);
        return store;
      },
      async cleanup() {
        for (const s of opened) await s.close().catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

export const POSTGRES: DriverCase = {
  driver: 'postgres',
  skip: pgUp ? undefined : `skipped: PostgreSQL not reachable at ${TEST_DATABASE_URL}`,
  async fresh() {
    const schema = `th_test_${randomBytes(5).toString('hex')}`;
    const keys = generateKeyRingEntry('t1');
    const opened: ConnectionStore[] = [];
    return {
      driver: 'postgres',
      keys,
      async open(options) {
        const store = await openConnectionStore({
          databaseUrl: TEST_DATABASE_URL,
          schema,
          keyRing: parseKeyRing(keys),
          now: options?.now,
        });
        opened.push(store);
        return store;
      },
      async cleanup() {
        for (const s of opened) await s.close().catch(() => undefined);
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  },
};

/** Both drivers, for `describe.each`. */
export const DRIVERS: readonly DriverCase[] = [SQLITE, POSTGRES];
