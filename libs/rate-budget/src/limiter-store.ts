/**
 * What the shared budget and the shared hit limiter need from a store: rate-limiter-flexible limiters
 * on it (with the in-memory insurance limiter as the fallback), and the shared 429 pause. Redis and
 * PostgreSQL each implement it in one file; the fallback bookkeeping lives here, once.
 */
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { FallbackMonitor } from './fallback-monitor.js';

/**
 * One limiter's shape: `points` per `durationSec` on the store, `localPoints` per `localDurationSec` in this
 * process while the store is unreachable.
 *
 * @example
 * ```ts
 * const spec: LimiterSpec = { keyPrefix: 'attio:read', points: 8, durationSec: 1, localPoints: 2, localDurationSec: 0.1 };
 * ```
 */
export interface LimiterSpec {
  readonly keyPrefix: string;
  readonly points: number;
  readonly durationSec: number;
  readonly localPoints: number;
  readonly localDurationSec: number;
}

/**
 * A limiter plus how its last decision for a key was made.
 *
 * @example
 * ```ts
 * const verdict = await consumeObserved(limiter, 'key');
 * ```
 */
export interface ObservedLimiter {
  readonly limiter: RateLimiterAbstract;
  /**
   * The per-call options objects of the consumes the insurance limiter answered (the store failed).
   * rate-limiter-flexible hands the caller's options object on to the insurance limiter, so each consume
   * is told apart even when several for the same key are in flight.
   */
  readonly servedLocally: WeakSet<object>;
}

/**
 * A store limiters can be built on.
 *
 * @example
 * ```ts
 * const store: LimiterStore = createRedisLimiterStore({ client, keyPrefix: 'attio' });
 * ```
 */
export interface LimiterStore {
  readonly kind: 'redis' | 'postgres';
  readonly keyPrefix: string;
  readonly monitor: FallbackMonitor;
  limiter(spec: LimiterSpec): Promise<ObservedLimiter>;
  /** The stored pause end for `key` (epoch ms), or 0; rejects when the store is unreachable. */
  readPause(key: string): Promise<number>;
  /** Raises the stored pause end for `key` to at least `untilMs`; rejects when unreachable. */
  writePause(key: string, untilMs: number, nowMs: number): Promise<void>;
}

/**
 * The insurance limiter rate-limiter-flexible falls back to when the store fails: a RateLimiterMemory that
 * records which calls it answered, so the caller can tell a local decision from a shared one.
 *
 * @example
 * ```ts
 * const insurance = observedInsurance(spec, servedLocally);
 * new RateLimiterRedis({ storeClient, points, duration, insuranceLimiter: insurance });
 * ```
 */
export function observedInsurance(
  spec: LimiterSpec,
  servedLocally: WeakSet<object>,
): RateLimiterMemory {
  const insurance = new RateLimiterMemory({
    keyPrefix: `${spec.keyPrefix}:local`,
    points: spec.localPoints,
    duration: spec.localDurationSec,
  });
  const consume = insurance.consume.bind(insurance);
  insurance.consume = (key, points, options) => {
    if (typeof options === 'object' && options !== null) servedLocally.add(options);
    return consume(key, points, options);
  };
  return insurance;
}

/**
 * The outcome of one consume: allowed or not, and whether the store or the fallback decided. Errors other
 * than a refusal (a store failure with no insurance) are rethrown.
 *
 * @example
 * ```ts
 * const { allowed, msBeforeNext } = await consumeObserved(observed, monitor, key);
 * ```
 */
export async function consumeObserved(
  observed: ObservedLimiter,
  monitor: FallbackMonitor,
  key: string,
): Promise<{ allowed: boolean; msBeforeNext: number }> {
  const call = {};
  let allowed: boolean;
  let msBeforeNext: number;
  try {
    const res = await observed.limiter.consume(key, 1, call);
    allowed = true;
    msBeforeNext = res.msBeforeNext;
  } catch (refusal) {
    if (refusal instanceof Error) throw refusal;
    allowed = false;
    msBeforeNext = (refusal as { msBeforeNext: number }).msBeforeNext;
  }
  if (observed.servedLocally.has(call)) monitor.servedLocally();
  else monitor.servedShared();
  return { allowed, msBeforeNext };
}
