import { createHash } from 'node:crypto';
import { Socket } from 'node:net';
import type pg from 'pg';
import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import { postgresStartError } from '../errors/postgres-start-error.js';
import { applyMigrations } from './apply-migrations.js';
import {
  CLIENT_READ_MARGIN_MS,
  POSTGRES_TIMEOUT_DEFAULTS,
  type PostgresTimeouts,
} from './postgres-timeouts.js';
import type { Migration, SqlDialect, SqlDriver, SqlSession } from './sql-driver.js';

const DIALECT: SqlDialect = Object.freeze({
  bytesType: 'BYTEA',
  claimSuffix: ' FOR UPDATE SKIP LOCKED',
  lockSuffix: ' FOR UPDATE',
  serialPrimaryKey: 'BIGSERIAL PRIMARY KEY',
  statementsAreRoundTrips: true,
  anyOf: (subquery: string) => `= ANY (ARRAY(${subquery}))`,
});

/** Unquoted PostgreSQL identifiers we accept as schema names (no quoting games, no injection). */
const SCHEMA_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Options of {@link openPostgresDriver}. */
export interface PostgresDriverOptions extends PostgresTimeouts {
  connectionString: string;
  /** Schema holding the tables; created at migration. Default: the server's search_path (`public`). */
  schema?: string;
  /** Pool size (default 10). */
  max?: number;
}

function timeoutOption(name: keyof PostgresTimeouts, value: number | undefined): number {
  const ms = value ?? POSTGRES_TIMEOUT_DEFAULTS[name];
  if (!Number.isInteger(ms) || ms < 0 || ms > 3_600_000) {
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.CONFIG_INVALID,
      `${name} must be a whole number of milliseconds from 0 (off) to 3600000; got ${String(value)}.`,
    );
  }
  return ms;
}

/**
 * Sockets that connected but have not received a byte yet. At start-up this tells "nothing answers
 * TCP" apart from "something accepted the connection and then said nothing", which need different
 * fixes (wrong host or firewall, versus wrong port, a stuck proxy or a frozen server).
 */
class SilentSockets {
  private connectedWithoutAnswer = 0;

  readonly create = (): Socket => {
    const socket = new Socket();
    socket.once('connect', () => {
      this.connectedWithoutAnswer += 1;
      socket.once('data', () => {
        this.connectedWithoutAnswer -= 1;
      });
    });
    return socket;
  };

  get sawSilentServer(): boolean {
    return this.connectedWithoutAnswer > 0;
  }
}

/**
 * The PostgreSQL driver: a `pg` pool; every connection's `search_path` points at the chosen schema.
 *
 * @example
 * ```ts
 * const driver = openPostgresDriver(await loadDriver('pg'), { connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
 * await driver.migrate(MIGRATIONS, Date.now());
 * ```
 */
export function openPostgresDriver(
  pgPackage: typeof pg,
  options: PostgresDriverOptions,
): SqlDriver {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_PATTERN.test(schema)) {
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.CONFIG_INVALID,
      'The PostgreSQL schema name must start with a letter or "_" and contain only letters, digits and "_" ' +
        '(at most 63 characters).',
    );
  }
  const connectTimeoutMs = timeoutOption('connectTimeoutMs', options.connectTimeoutMs);
  const statementTimeoutMs = timeoutOption('statementTimeoutMs', options.statementTimeoutMs);
  const lockTimeoutMs = timeoutOption('lockTimeoutMs', options.lockTimeoutMs);
  const sockets = new SilentSockets();
  const pool = new pgPackage.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    // pg's connectionTimeoutMillis bounds both a new connection and the wait for a busy pool's client.
    connectionTimeoutMillis: connectTimeoutMs,
    // Sent in the startup packet, so every pooled session has them before its first statement.
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
    ...(lockTimeoutMs > 0 ? { lock_timeout: lockTimeoutMs } : {}),
    // A query on a connection whose server went silent: rejected, and the pool discards the client.
    ...(statementTimeoutMs > 0
      ? { query_timeout: statementTimeoutMs + CLIENT_READ_MARGIN_MS }
      : {}),
    stream: sockets.create,
  });
  // Without a listener an idle client's error (server restart, network blip) would crash the process;
  // pg drops that client from the pool and the next query opens a fresh one.
  pool.on('error', () => undefined);
  return new PostgresDriver(pool, schema, {
    target: describeTarget(options.connectionString),
    connectionString: options.connectionString,
    connectTimeoutMs,
    sockets,
  });
}

/** host:port/database of a URL, without credentials, for error messages. */
export function describeTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname || '/'}`;
  } catch {
    return 'the configured PostgreSQL server';
  }
}

/**
 * A parameterised data statement as a named prepared statement: pg parses it once per pooled connection
 * and afterwards sends only Bind/Execute, so the server skips parsing and analysis on every call (and
 * after five runs may reuse a generic plan). The health checker runs two such statements per batch;
 * unnamed, their server-side parse/plan was a large part of PostgreSQL's CPU per check
 * (tools/bench/health.bench.ts prints it). DDL and parameterless statements stay unnamed.
 *
 * The name is the SQL text's SHA-256, computed per call: about 9 µs for the 1 KB lease statement
 * (3 µs for a short one), next to a round trip of 100 µs or more, so no name cache is kept.
 */
function toQuery(sql: string, params: readonly unknown[] | undefined): pg.QueryConfig {
  const values = params as unknown[] | undefined;
  if (
    values === undefined ||
    values.length === 0 ||
    !/^\s*(SELECT|WITH|UPDATE|INSERT|DELETE)\b/i.test(sql)
  ) {
    return { text: sql, values };
  }
  const name = `cs_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
  return { name, text: sql, values };
}

function sessionOf(client: pg.Pool | pg.PoolClient): SqlSession {
  return {
    all: async <T>(sql: string, params?: readonly unknown[]) =>
      (await client.query(toQuery(sql, params))).rows as T[],
    run: async (sql: string, params?: readonly unknown[]) =>
      (await client.query(toQuery(sql, params))).rowCount ?? 0,
  };
}

class PostgresDriver implements SqlDriver {
  readonly kind = 'postgres' as const;
  readonly dialect = DIALECT;
  private readonly session: SqlSession;

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string | undefined,
    private readonly start: {
      target: string;
      connectionString: string;
      connectTimeoutMs: number;
      sockets: SilentSockets;
    },
  ) {
    this.session = sessionOf(pool);
  }

  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.session.all<T>(sql, params);
  }

  run(sql: string, params?: readonly unknown[]): Promise<number> {
    return this.session.run(sql, params);
  }

  async transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A client whose ROLLBACK fails is broken: release(err) destroys it instead of pooling it.
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(sessionOf(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async migrate(migrations: readonly Migration[], nowMs: number): Promise<number[]> {
    try {
      return await this.transaction(async (tx) => {
        // Two instances starting at once: the second waits here until the first commits, then sees its
        // versions as applied. Transaction-scoped, so it is released even if this process dies.
        await tx.run('SELECT pg_advisory_xact_lock($1::bigint)', [this.lockKey()]);
        if (this.schema !== undefined) await tx.run(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
        return applyMigrations(tx, this.dialect, migrations, nowMs);
      });
    } catch (err) {
      if (err instanceof ConnectionStoreError) throw err;
      throw postgresStartError(err, {
        target: this.start.target,
        connectionString: this.start.connectionString,
        connectTimeoutMs: this.start.connectTimeoutMs,
        sawSilentServer: this.start.sockets.sawSilentServer,
      });
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** A 64-bit advisory lock key derived from the schema, so stores in different schemas never wait on each other. */
  private lockKey(): string {
    const digest = createHash('sha256')
      .update(`attio-auth/connection-store/${this.schema ?? ''}`)
      .digest();
    return digest.readBigInt64BE(0).toString();
  }
}
