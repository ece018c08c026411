import { createAttioClient } from '@attio-auth/attio-core';
import type { CheckOutcome } from './classify.js';
import type { RateLimiter } from './rate-limiter.js';

export interface TokenCheckerOptions {
  /** Attio API base URL (--base-url / ATTIO_API_BASE_URL). */
  readonly baseUrl: string;
  /** Per-attempt timeout (HEALTH_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** Retries after the first attempt for transient failures (HEALTH_RETRIES). */
  readonly retries: number;
  /** The process-wide request-rate cap; every check takes one slot before its first attempt. */
  readonly limiter: RateLimiter;
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Aborts in-flight checks when shutdown gives up waiting. */
  readonly signal?: AbortSignal;
  /**
   * Send through this fetch instead of attio-core's default undici transport (one shared keep-alive
   * Agent; Node 20's fetch reaches about a fifth of its throughput, see tools/bench/transport.bench.ts).
   */
  readonly fetch?: typeof fetch;
}

/** Runs one `/v2/self` call for a token and returns its outcome; never throws. */
export type TokenChecker = (token: string) => Promise<CheckOutcome>;

/**
 * Creates the checker: one short-lived attio-core client per token (the token lives only for the
 * duration of its own check), the client's own per-token rate limit off (each token is called once;
 * the global cap applies instead), and attio-core's retry policy for transient failures, which honours
 * `Retry-After` on 429 (ATTIO-API.md "Rate limits"). Retries are not charged to the global cap: they
 * only follow failures and are spaced by backoff.
 *
 * @example
 * const check = createTokenChecker({ baseUrl, timeoutMs: 10_000, retries: 2, limiter, now: Date.now, sleep });
 * const outcome = await check(token); // { ok: true, self: { active: true, scopes: [...] } }
 */
export function createTokenChecker(options: TokenCheckerOptions): TokenChecker {
  return async (token) => {
    try {
      await options.limiter.acquire();
      const client = createAttioClient({
        token,
        baseUrl: options.baseUrl,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        timeoutMs: options.timeoutMs,
        retry: options.retries === 0 ? false : { retries: options.retries, maxRetryAfterMs: 10_000 },
        rateLimit: false,
        now: options.now,
        sleep: options.sleep,
        userAgent: 'attio-token-health',
      });
      return { ok: true, self: await client.self({ signal: options.signal }) };
    } catch (error) {
      return { ok: false, error };
    }
  };
}
