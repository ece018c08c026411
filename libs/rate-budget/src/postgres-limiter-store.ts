/**
 * The shared limits on PostgreSQL: rate-limiter-flexible's RateLimiterPostgres (one upsert per consume into
 * its own table) and the 429 pause in a second small table, `<tableName>_pause (key, until_ms)`, raised with
 * GREATEST so a shorter Retry-After never shortens a pause. Both tables are created if missing.
 */
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { Logger } from '@attio-auth/attio-core';
import { FallbackMonitor } from './fallback-monitor.js';
import { observedInsurance, type LimiterSpec, type LimiterStore } from './limiter-store.js';

/**
 * What the store needs from a `pg.Pool` (structural, so the caller's pg version is used).
 *
 * @example
 * ```ts
 * const pool: PostgresPoolLike = new pg.Pool({ connectionString });
 * ```
 */
export interface PostgresPoolLike {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Options of {@link createPostgresLimiterStore}.
 *
 * @example
 * ```ts
 * const options: PostgresLimiterStoreOptions = { pool, tableName: 'attio_rate_limits', instances: 4 };
 * ```
 */
export interface PostgresLimiterStoreOptions {
  /** A `pg.Pool`. Not closed by the store. */
  readonly pool: PostgresPoolLike;
  /** Table of the counters (default `attio_rate_limits`); the pause table is `<tableName>_pause`. */
  readonly tableName?: string;
  /** Prefix of every key (default `attio-rate`). */
  readonly keyPrefix?: string;
  /** Instances sharing the limits: the local fallback keeps `1 / instances` of them (default 1). */
  readonly instances?: number;
  readonly logger?: Logger;
  readonly now?: () => number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,50}$/;

/**
 * A {@link LimiterStore} on PostgreSQL. Creates its tables, so it is async.
 *
 * @example
 * ```ts
 * const store = await createPostgresLimiterStore({ pool, tableName: 'attio_rate_limits', instances: 4 });
 * const budget = createSharedRateBudget({ store });
 * ```
 */
export async function createPostgresLimiterStore(
  options: PostgresLimiterStoreOptions,
): Promise<LimiterStore> {
  const { pool } = options;
  const tableName = options.tableName ?? 'attio_rate_limits';
  if (!IDENTIFIER.test(tableName)) {
    throw new RangeError(
      `tableName must be a plain lower-case SQL identifier (letters, digits, _), got "${tableName}"`,
    );
  }
  const pauseTable = `${tableName}_pause`;
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${pauseTable} (key text PRIMARY KEY, until_ms bigint NOT NULL)`,
  );
  const keyPrefix = options.keyPrefix ?? 'attio-rate';
  const monitor = new FallbackMonitor(
    'postgres',
    options.instances ?? 1,
    options.logger,
    options.now,
  );
  let tableReady: Promise<void> | undefined;
  return {
    kind: 'postgres',
    keyPrefix,
    monitor,
    async limiter(spec: LimiterSpec) {
      const servedLocally = new WeakSet<object>();
      const common = {
        storeClient: pool,
        storeType: 'pool',
        tableName,
        keyPrefix: spec.keyPrefix,
        points: spec.points,
        duration: spec.durationSec,
        insuranceLimiter: observedInsurance(spec, servedLocally),
      };
      // The first limiter creates the table (rate-limiter-flexible reports through the callback); the
      // others reuse it, so concurrent CREATE TABLEs do not race.
      if (tableReady === undefined) {
        let limiter: RateLimiterPostgres | undefined;
        tableReady = new Promise<void>((resolve, reject) => {
          limiter = new RateLimiterPostgres(common, (err?: Error) =>
            err ? reject(err) : resolve(),
          );
        });
        await tableReady;
        return { limiter: limiter as RateLimiterPostgres, servedLocally };
      }
      await tableReady;
      return { limiter: new RateLimiterPostgres({ ...common, tableCreated: true }), servedLocally };
    },
    async readPause(key) {
      const { rows } = await pool.query(`SELECT until_ms FROM ${pauseTable} WHERE key = $1`, [
        `${keyPrefix}:${key}`,
      ]);
      const row = rows[0] as { until_ms: string | number } | undefined;
      return row === undefined ? 0 : Number(row.until_ms);
    },
    async writePause(key, untilMs) {
      await pool.query(
        `INSERT INTO ${pauseTable} (key, until_ms) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET until_ms = GREATEST(${pauseTable}.until_ms, EXCLUDED.until_ms)`,
        [`${keyPrefix}:${key}`, Math.ceil(untilMs)],
      );
    },
  };
}
