import { createAttioClient } from '@attio-auth/attio-core';
import type { CheckOutcome } from './classify.js';
import type { RateLimiter } from './rate-limiter.js';

export interface TokenCheckerOptions {
  /** Attio API base URL (--base-url / ATTIO_API_BASE_URL). */
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  /** Per-attempt timeout (HEALTH_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** Retries after the first attempt for transient failures (HEALTH_RETRIES). */
  readonly retries: number;
  /** The process-wide request-rate cap; every HTTP attempt (retries too) takes a slot. */
  readonly limiter: RateLimiter;
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Runs one `/v2/self` call for a token and returns its outcome; never throws. */
export type TokenChecker = (token: string) => Promise<CheckOutcome>;

/**
 * Wraps `fetch` so each HTTP attempt first takes a slot from the global rate limiter.
 *
 * @example
 * const limitedFetch = rateLimitedFetch(fetch, limiter);
 */
export function rateLimitedFetch(inner: typeof fetch, limiter: RateLimiter): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    await limiter.acquire();
    return inner(input, init);
  }) as typeof fetch;
}

/**
 * Creates the checker: one short-lived attio-core client per token (the token lives only for the
 * duration of its own check), the client's own per-token rate limit off (each token is called once;
 * the global cap applies instead), and attio-core's retry policy for transient failures, which honours
 * `Retry-After` on 429 (ATTIO-API.md "Rate limits").
 *
 * @example
 * const check = createTokenChecker({ baseUrl, fetch, timeoutMs: 10_000, retries: 2, limiter, now: Date.now, sleep });
 * const outcome = await check(token); // { ok: true, self: { active: true, scopes: [...] } }
 */
export function createTokenChecker(options: TokenCheckerOptions): TokenChecker {
  const limitedFetch = rateLimitedFetch(options.fetch, options.limiter);
  return async (token) => {
    try {
      const client = createAttioClient({
        token,
        baseUrl: options.baseUrl,
        fetch: limitedFetch,
        timeoutMs: options.timeoutMs,
        retry: options.retries === 0 ? false : { retries: options.retries, maxRetryAfterMs: 10_000 },
        rateLimit: false,
        now: options.now,
        sleep: options.sleep,
        userAgent: 'attio-token-health',
      });
      return { ok: true, self: await client.self() };
    } catch (error) {
      return { ok: false, error };
    }
  };
}
