import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { loadDriver } from '../drivers/load-driver.js';
import type { ContractHarness, TestDatabase } from './contract-harness.js';
import { openSqlStore } from './sql-harness-open.js';

/**
 * The local trust-auth test server; pass `process.env.TEST_DATABASE_URL` first where it may be set.
 *
 * @example
 * ```ts
 * const url = process.env['TEST_DATABASE_URL'] ?? DEFAULT_TEST_DATABASE_URL;
 * ```
 */
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether PostgreSQL answers at `url`, decided synchronously (a child process) because Jest must know
 * before it registers the tests whether to skip them.
 *
 * @example
 * ```ts
 * (postgresReachable(url) ? describe : describe.skip)('PostgreSQL', () => { … });
 * ```
 */
export function postgresReachable(url = DEFAULT_TEST_DATABASE_URL): boolean {
  const script =
    "const {Client}=require('pg');const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});" +
    'c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1));';
  return (
    spawnSync(process.execPath, ['-e', script, url], {
      timeout: 10_000,
      stdio: 'ignore',
    }).status === 0
  );
}

/**
 * Fresh random PostgreSQL schemas for the contract suite (one per `freshDatabase()`, created by the
 * store's migrations), all dropped by `cleanup()`.
 *
 * @example
 * ```ts
 * describeConnectionStoreContract('PostgreSQL driver', postgresHarness(url));
 * ```
 */
export function postgresHarness(url = DEFAULT_TEST_DATABASE_URL): ContractHarness {
  const prefix = `cs_test_${randomBytes(4).toString('hex')}`;
  const schemas: string[] = [];
  let admin: pg.Pool | undefined;
  const adminPool = async (): Promise<pg.Pool> => {
    admin ??= new (await loadDriver('pg')).Pool({ connectionString: url, max: 2 });
    return admin;
  };
  const withSchema = async <T>(
    schema: string,
    fn: (c: pg.PoolClient) => Promise<T>,
  ): Promise<T> => {
    const client = await (await adminPool()).connect();
    try {
      await client.query(`SET search_path TO ${schema}`);
      return await fn(client);
    } finally {
      await client.query('RESET search_path');
      client.release();
    }
  };
  return {
    openStore: openSqlStore,
    async freshDatabase(): Promise<TestDatabase> {
      const schema = `${prefix}_${schemas.length + 1}`;
      schemas.push(schema);
      return {
        databaseUrl: url,
        schema,
        rawBytes: () =>
          withSchema(schema, async (client) => {
            const parts: Buffer[] = [];
            for (const table of [
              'connections',
              'install_states',
              'run_locks',
              'connection_tags',
              'revocations',
              'install_sessions',
              'connection_store_migrations',
            ]) {
              const { rows } = await client.query(`SELECT * FROM ${table}`);
              for (const row of rows as Record<string, unknown>[]) {
                for (const value of Object.values(row)) {
                  parts.push(Buffer.isBuffer(value) ? value : Buffer.from(String(value)));
                }
              }
            }
            return Buffer.concat(parts);
          }),
        rawQuery: (sql) => withSchema(schema, async (client) => (await client.query(sql)).rows),
      };
    },
    async cleanup() {
      if (admin === undefined) return;
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
      admin = undefined;
    },
  };
}
