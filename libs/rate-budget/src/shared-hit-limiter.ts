/**
 * A "N hits per window per key" limiter on the shared store, for limits that refuse instead of waiting
 * (the callback service's per-IP limit on /install and /oauth/callback): every replica counts into the
 * same rate-limiter-flexible counter, and each keeps `max / instances` on its own while the store is down.
 */
import { consumeObserved, type LimiterStore } from './limiter-store.js';

/**
 * The verdict on one hit.
 *
 * @example
 * ```ts
 * const verdict: HitVerdict = { allowed: false, retryAfterMs: 41_000 };
 * ```
 */
export interface HitVerdict {
  readonly allowed: boolean;
  /** When refused: how long until the window resets. */
  readonly retryAfterMs: number;
}

/**
 * Counts hits per key.
 *
 * @example
 * ```ts
 * const verdict = await limiter.hit('install|203.0.113.7');
 * ```
 */
export interface HitLimiter {
  hit(key: string): Promise<HitVerdict>;
}

/**
 * Options of {@link createSharedHitLimiter}.
 *
 * @example
 * ```ts
 * const options: SharedHitLimiterOptions = { store, name: 'http', windowMs: 60_000, max: 30 };
 * ```
 */
export interface SharedHitLimiterOptions {
  readonly store: LimiterStore;
  /** Part of the key prefix, so several limiters can share a store. */
  readonly name: string;
  /** Rounded up to whole seconds (Redis expiries are whole seconds). */
  readonly windowMs: number;
  readonly max: number;
}

/**
 * A fixed-window hit limiter shared by every process on the store.
 *
 * @example
 * ```ts
 * const limiter = await createSharedHitLimiter({ store, name: 'http', windowMs: 60_000, max: 30 });
 * if (!(await limiter.hit(`install|${req.ip}`)).allowed) res.status(429);
 * ```
 */
export async function createSharedHitLimiter(
  options: SharedHitLimiterOptions,
): Promise<HitLimiter> {
  const { store, max } = options;
  if (!Number.isInteger(max) || max < 1) {
    throw new RangeError(`max must be a positive integer, got ${String(max)}`);
  }
  const durationSec = Math.max(1, Math.ceil(options.windowMs / 1000));
  const observed = await store.limiter({
    keyPrefix: `${store.keyPrefix}:hits:${options.name}`,
    points: max,
    durationSec,
    localPoints: Math.max(1, Math.floor(max / store.monitor.instances)),
    localDurationSec: durationSec,
  });
  return {
    async hit(key) {
      const { allowed, msBeforeNext } = await consumeObserved(observed, store.monitor, key);
      return allowed ? { allowed, retryAfterMs: 0 } : { allowed, retryAfterMs: msBeforeNext };
    },
  };
}
