import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { ContractHarness, TestDatabase } from './contract-harness.js';

/** The PostgreSQL URL tests use (common rule: TEST_DATABASE_URL or the local trust-auth server). */
export const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether PostgreSQL answers, decided synchronously (a child process) because Jest needs to know
 * before it registers the tests whether to skip them.
 */
export function postgresReachable(url = TEST_DATABASE_URL): boolean {
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

/** Fresh random schemas (one per test), all dropped in cleanup. */
export function postgresHarness(url = TEST_DATABASE_URL): ContractHarness {
  const prefix = `cs_test_${randomBytes(4).toString('hex')}`;
  const schemas: string[] = [];
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  const withSchema = async <T>(
    schema: string,
    fn: (c: pg.PoolClient) => Promise<T>,
  ): Promise<T> => {
    const client = await admin.connect();
    try {
      await client.query(`SET search_path TO ${schema}`);
      return await fn(client);
    } finally {
      await client.query('RESET search_path');
      client.release();
    }
  };
  return {
    driver: 'postgres',
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
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}
