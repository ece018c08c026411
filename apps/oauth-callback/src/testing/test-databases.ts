import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The PostgreSQL URL tests use: TEST_DATABASE_URL or the local trust-auth server. */
export const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A database for one test suite: where it is, and how to remove it afterwards. */
export interface TestDatabase {
  driver: 'sqlite' | 'postgres';
  databaseUrl: string;
  /** PostgreSQL only: a fresh random schema. */
  schema?: string;
  drop(): void;
}

/** Runs a tiny `pg` script in a child process (synchronously, so Jest can decide before registering tests). */
function runPg(script: string, ...args: string[]): boolean {
  const code = `const {Client}=require('pg');const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});${script}`;
  return (
    spawnSync(process.execPath, ['-e', code, ...args], { timeout: 15_000, stdio: 'ignore' })
      .status === 0
  );
}

/**
 * Whether PostgreSQL answers at {@link TEST_DATABASE_URL}.
 *
 * @example
 * ```ts
 * const pgOk = postgresReachable();
 * ```
 */
export function postgresReachable(url = TEST_DATABASE_URL): boolean {
  return runPg('c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1));', url);
}

/** Where the URL points, without a password. */
export function describeDatabase(url = TEST_DATABASE_URL): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/**
 * A fresh database for `driver`: a SQLite file in a new temp dir, or a random PostgreSQL schema
 * (created by the store's migrations, dropped by `drop()`).
 *
 * @example
 * ```ts
 * const db = freshDatabase('postgres');
 * afterAll(() => db.drop());
 * ```
 */
export function freshDatabase(driver: 'sqlite' | 'postgres'): TestDatabase {
  if (driver === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-callback-test-'));
    return {
      driver,
      databaseUrl: `sqlite:${join(dir, 'connections.sqlite')}`,
      drop: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `oc_test_${randomBytes(5).toString('hex')}`;
  return {
    driver,
    databaseUrl: TEST_DATABASE_URL,
    schema,
    drop: () => {
      runPg(
        'c.connect().then(()=>c.query(`DROP SCHEMA IF EXISTS ${process.argv[2]} CASCADE`)).then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1));',
        TEST_DATABASE_URL,
        schema,
      );
    },
  };
}

/**
 * The drivers an end-to-end suite runs on, following the team rule: SQLite always; PostgreSQL when
 * reachable; unreachable + REQUIRE_PG=1 → a failing entry; otherwise a skipped one with the reason.
 *
 * @example
 * ```ts
 * for (const target of storeDrivers()) describe(target.title, () => { ... });
 * ```
 */
export function storeDrivers(): {
  driver: 'sqlite' | 'postgres';
  title: string;
  mode: 'run' | 'skip' | 'fail';
}[] {
  const pg = postgresReachable();
  const required = process.env['REQUIRE_PG'] === '1';
  return [
    { driver: 'sqlite', title: 'on SQLite', mode: 'run' },
    pg
      ? { driver: 'postgres', title: 'on PostgreSQL', mode: 'run' }
      : required
        ? {
            driver: 'postgres',
            title: `on PostgreSQL (REQUIRE_PG=1, not reachable at ${describeDatabase()})`,
            mode: 'fail',
          }
        : {
            driver: 'postgres',
            title: `skipped: PostgreSQL not reachable at ${describeDatabase()}`,
            mode: 'skip',
          },
  ];
}
