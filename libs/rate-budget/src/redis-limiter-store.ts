/**
 * The shared limits on Redis: rate-limiter-flexible's RateLimiterRedis (an atomic INCR + expiry per key, in
 * one Lua call) and the 429 pause as one key per token hash, `SET … PX` so it expires by itself.
 *
 * The client must fail fast when Redis is down, or requests would queue behind a dead connection instead of
 * falling back: `rejectIfRedisNotReady` makes rate-limiter-flexible skip a client that is not `ready`, and
 * the client should be made with `enableOfflineQueue: false` (what {@link openSharedLimiter} does).
 */
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { FallbackMonitor } from './fallback-monitor.js';
import { observedInsurance, type LimiterStore, type LimiterSpec } from './limiter-store.js';
import type { Logger } from '@attio-auth/attio-core';

/** Raises the pause end only (a shorter Retry-After from another process never shortens a pause). */
const RAISE_PAUSE = `local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1`;

/**
 * Options of {@link createRedisLimiterStore}.
 *
 * @example
 * ```ts
 * const options: RedisLimiterStoreOptions = { client: new Redis({ enableOfflineQueue: false }), keyPrefix: 'attio', instances: 4 };
 * ```
 */
export interface RedisLimiterStoreOptions {
  /** An ioredis client, ideally with `enableOfflineQueue: false`. Not closed by the store. */
  readonly client: Redis;
  /** Prefix of every key this store writes (default `attio-rate`). */
  readonly keyPrefix?: string;
  /** Instances sharing the limits: the local fallback keeps `1 / instances` of them (default 1). */
  readonly instances?: number;
  readonly logger?: Logger;
  readonly now?: () => number;
}

/**
 * A {@link LimiterStore} on Redis.
 *
 * @example
 * ```ts
 * const store = createRedisLimiterStore({ client, keyPrefix: 'attio', instances: 4, logger });
 * const budget = createSharedRateBudget({ store });
 * ```
 */
export function createRedisLimiterStore(options: RedisLimiterStoreOptions): LimiterStore {
  const { client } = options;
  const keyPrefix = options.keyPrefix ?? 'attio-rate';
  const monitor = new FallbackMonitor('redis', options.instances ?? 1, options.logger, options.now);
  const pauseKey = (key: string): string => `${keyPrefix}:pause:${key}`;
  const ensureReady = (): void => {
    if (client.status !== 'ready') throw new Error(`redis client is ${client.status}`);
  };
  return {
    kind: 'redis',
    keyPrefix,
    monitor,
    async limiter(spec: LimiterSpec) {
      const servedLocally = new WeakSet<object>();
      const limiter = new RateLimiterRedis({
        storeClient: client,
        keyPrefix: spec.keyPrefix,
        points: spec.points,
        duration: spec.durationSec,
        rejectIfRedisNotReady: true,
        insuranceLimiter: observedInsurance(spec, servedLocally),
      });
      return { limiter, servedLocally };
    },
    async readPause(key) {
      ensureReady();
      const value = await client.get(pauseKey(key));
      return value === null ? 0 : Number(value);
    },
    async writePause(key, untilMs, nowMs) {
      ensureReady();
      const ttl = Math.max(1, Math.ceil(untilMs - nowMs));
      await client.eval(RAISE_PAUSE, 1, pauseKey(key), String(Math.ceil(untilMs)), String(ttl));
    },
  };
}
