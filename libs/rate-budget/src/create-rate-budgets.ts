/**
 * The two one-call constructors: a shared Attio rate budget on Redis or on PostgreSQL.
 */
import type { Logger } from '@attio-auth/attio-core';
import type { Redis } from 'ioredis';
import { createPostgresLimiterStore, type PostgresPoolLike } from './postgres-limiter-store.js';
import { createRedisLimiterStore } from './redis-limiter-store.js';
import { createSharedRateBudget, type SharedRateBudget } from './shared-rate-budget.js';

/**
 * What both constructors share.
 *
 * @example
 * ```ts
 * const common: RateBudgetCommonOptions = { limits: { readsPerSecond: 100, writesPerSecond: 25 }, localFallback: { instances: 4 } };
 * ```
 */
export interface RateBudgetCommonOptions {
  /** Attio's published limits by default: 100 reads and 25 writes per second per token. */
  readonly limits?: { readonly readsPerSecond: number; readonly writesPerSecond: number };
  /** While the store is unreachable each process keeps `1 / instances` of the limits (default 1). */
  readonly localFallback?: { readonly instances: number };
  /** One warning when falling back to local limits, one info when shared again. Nothing else is logged. */
  readonly logger?: Logger;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Options of {@link createRedisRateBudget}.
 *
 * @example
 * ```ts
 * const options: RedisRateBudgetOptions = { client, keyPrefix: 'attio', localFallback: { instances: 4 } };
 * ```
 */
export interface RedisRateBudgetOptions extends RateBudgetCommonOptions {
  /** An ioredis client made with `enableOfflineQueue: false` (so an outage fails fast). Not closed here. */
  readonly client: Redis;
  /** Default `attio-rate`. */
  readonly keyPrefix?: string;
}

/**
 * A shared Attio rate budget on Redis.
 *
 * @example
 * ```ts
 * const client = new Redis('redis://127.0.0.1:6379', { enableOfflineQueue: false });
 * const budget = await createRedisRateBudget({ client, localFallback: { instances: 4 }, logger });
 * const attio = createAttioClient({ token, rateBudget: budget });
 * ```
 */
export function createRedisRateBudget(options: RedisRateBudgetOptions): Promise<SharedRateBudget> {
  const store = createRedisLimiterStore({
    client: options.client,
    keyPrefix: options.keyPrefix,
    instances: options.localFallback?.instances,
    logger: options.logger,
    now: options.now,
  });
  return createSharedRateBudget({ store, ...pick(options) });
}

/**
 * Options of {@link createPostgresRateBudget}.
 *
 * @example
 * ```ts
 * const options: PostgresRateBudgetOptions = { pool, tableName: 'attio_rate_limits', localFallback: { instances: 4 } };
 * ```
 */
export interface PostgresRateBudgetOptions extends RateBudgetCommonOptions {
  /** A `pg.Pool`. Not closed here. */
  readonly pool: PostgresPoolLike;
  /** Default `attio_rate_limits` (and `<tableName>_pause`); created if missing. */
  readonly tableName?: string;
  /** Default `attio-rate`. */
  readonly keyPrefix?: string;
}

/**
 * A shared Attio rate budget on PostgreSQL.
 *
 * @example
 * ```ts
 * const budget = await createPostgresRateBudget({ pool: new pg.Pool({ connectionString }), localFallback: { instances: 2 } });
 * const attio = createAttioClient({ token, rateBudget: budget });
 * ```
 */
export async function createPostgresRateBudget(
  options: PostgresRateBudgetOptions,
): Promise<SharedRateBudget> {
  const store = await createPostgresLimiterStore({
    pool: options.pool,
    tableName: options.tableName,
    keyPrefix: options.keyPrefix,
    instances: options.localFallback?.instances,
    logger: options.logger,
    now: options.now,
  });
  return createSharedRateBudget({ store, ...pick(options) });
}

function pick(options: RateBudgetCommonOptions) {
  return { limits: options.limits, now: options.now, sleep: options.sleep };
}
