/**
 * Per-token rate limiting as Attio documents it: 100 reads and 25 writes per second
 * (https://docs.attio.com/rest-api/guides/rate-limiting). Windows are whole UTC seconds, which is why
 * Attio's `Retry-After` is "usually the next second". Time comes from the injected clock, so tests can
 * check the limits without sleeping.
 */
import type { RateLimitOptions } from '../types.js';

interface Window {
  second: number;
  reads: number;
  writes: number;
}

/**
 * Attio's defaults.
 *
 * @example
 * ```ts
 * DEFAULT_RATE_LIMIT; // → { readsPerSecond: 100, writesPerSecond: 25 }
 * ```
 */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  readsPerSecond: 100,
  writesPerSecond: 25,
};

/**
 * Whether a request counts against the write budget: any method but GET/HEAD/OPTIONS, except the
 * query/search POSTs, which read (Attio meters them as reads plus a separate complexity score).
 *
 * @example
 * ```ts
 * isWrite('POST', '/v2/objects/people/records/query'); // → false
 * isWrite('POST', '/v2/objects/people/records'); // → true
 * ```
 */
export function isWrite(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  return !(method === 'POST' && (path.endsWith('/query') || path.endsWith('/records/search')));
}

/**
 * Fixed one-second windows per token and kind.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ readsPerSecond: 100, writesPerSecond: 25 });
 * limiter.take('tok_1', false, Date.now()); // → true until the 101st read in the same second
 * ```
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly limits: RateLimitOptions | false) {
    if (limits) {
      for (const [field, value] of Object.entries(limits)) {
        if (!Number.isInteger(value) || value <= 0) {
          throw new RangeError(
            `rateLimit.${field} must be a positive integer (Attio's default is 100 reads / 25 writes).`,
          );
        }
      }
    }
  }

  /** Records one request and says whether it is within budget. Refused requests do not consume budget. */
  take(tokenId: string, write: boolean, nowMs: number): boolean {
    const limits = this.limits;
    if (!limits) return true;
    const second = Math.floor(nowMs / 1000);
    let w = this.windows.get(tokenId);
    if (w === undefined) {
      w = { second, reads: 0, writes: 0 };
      this.windows.set(tokenId, w);
    } else if (w.second !== second) {
      w.second = second;
      w.reads = 0;
      w.writes = 0;
    }
    if (write) {
      if (w.writes >= limits.writesPerSecond) return false;
      w.writes += 1;
    } else {
      if (w.reads >= limits.readsPerSecond) return false;
      w.reads += 1;
    }
    return true;
  }
}
