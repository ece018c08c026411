/** Global request-rate cap shared by every check of one process. */
export interface RateLimiter {
  /** Resolves when the caller may send one request. */
  acquire(): Promise<void>;
}

export interface RateLimiterOptions {
  /** HEALTH_RATE_LIMIT_PER_SECOND. */
  readonly perSecond: number;
  /** Requests allowed back to back before spacing applies (default: one second's worth, at least 1). */
  readonly burst?: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * A token bucket (capacity `burst`, refilled at `perSecond`). Each `acquire` reserves a slot at once
 * (so concurrent callers queue in order without a timer per caller) and sleeps until that slot's
 * time. Clock and sleep are injected so the spacing is testable without real waiting.
 *
 * Why a cap at all when Attio limits per token (100 reads/s, ATTIO-API.md "Rate limits")? Each check
 * uses a different token, so Attio's limit never bites; the cap protects egress proxies and Attio
 * from a burst of thousands of calls from one IP.
 *
 * @example
 * const limiter = createRateLimiter({ perSecond: 100, now: Date.now, sleep });
 * await limiter.acquire();
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  if (!(options.perSecond > 0)) throw new RangeError(`perSecond must be > 0, got ${options.perSecond}`);
  const interval = 1000 / options.perSecond;
  const burst = Math.max(1, options.burst ?? Math.floor(options.perSecond));
  // `tat` (theoretical arrival time, GCRA): the earliest time the bucket is full again.
  let tat = options.now();
  return {
    async acquire() {
      const now = options.now();
      const start = Math.max(tat, now);
      tat = start + interval;
      const waitMs = tat - now - burst * interval;
      if (waitMs > 0) await options.sleep(waitMs);
    },
  };
}
