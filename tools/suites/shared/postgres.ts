/**
 * PostgreSQL for the suites: reachability, a fresh schema per run (dropped afterwards), a database
 * URL that points a separate process (the callback service as a child) at that schema through
 * libpq's `options=-c search_path=…`, and a raw dump of every row for the secrets scan.
 */
import { randomBytes } from 'node:crypto';

import pg from 'pg';

/** TEST_DATABASE_URL or the local trust-auth server the tests use by default (see README.md, "Quick start"). */
export const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema created for one suite run. */
export interface FreshSchema {
  readonly schema: string;
  /** PG_URL with `search_path` set to the schema: what a child process gets as DATABASE_URL. */
  readonly databaseUrl: string;
  drop(): Promise<void>;
}

async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether PostgreSQL answers at {@link PG_URL}; the reason when it does not.
 *
 * @example
 * ```ts
 * const pgState = await postgresState();
 * if (!pgState.ok) report.couldNotRun('crash on PostgreSQL', pgState.reason, process.env.REQUIRE_PG === '1');
 * ```
 */
export async function postgresState(): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await withClient((c) => c.query('SELECT 1'));
    return { ok: true };
  } catch (err) {
    const u = new URL(PG_URL);
    return {
      ok: false,
      reason: `PostgreSQL not reachable at ${u.hostname}:${u.port || 5432}${u.pathname}: ${(err as Error).message}`,
    };
  }
}

/**
 * Creates a fresh, empty schema named `<prefix>_<random>`.
 *
 * @example
 * ```ts
 * const db = await freshSchema('suite_crash');
 * // child env: DATABASE_URL = db.databaseUrl; in process: openConnectionStore({ databaseUrl: PG_URL, schema: db.schema, … })
 * await db.drop();
 * ```
 */
export async function freshSchema(prefix: string): Promise<FreshSchema> {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withClient((c) => c.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    databaseUrl: url.toString(),
    drop: () =>
      withClient((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined),
  };
}

/**
 * Every row of every table in `schema` as JSON text (bytea columns as PostgreSQL's hex text and
 * as decoded latin1, so a token stored raw in a binary column is found too).
 *
 * @example
 * ```ts
 * const text = await dumpSchema(db.schema);
 * ```
 */
export async function dumpSchema(schema: string): Promise<string> {
  return withClient(async (c) => {
    const tables = await c.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema],
    );
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await c.query(`SELECT * FROM ${schema}.${table_name}`);
      for (const row of rows.rows as Record<string, unknown>[]) {
        const cells = Object.entries(row).map(([k, v]) =>
          Buffer.isBuffer(v)
            ? `${k}=${v.toString('hex')} ${v.toString('latin1')}`
            : `${k}=${JSON.stringify(v)}`,
        );
        parts.push(`${table_name}: ${cells.join(' ')}`);
      }
    }
    return parts.join('\n');
  });
}
