import { createAttioClient, type RateBudget, type RequestThrottle } from '@attio-auth/attio-core';
import type { CheckOutcome } from './classify.js';

export interface TokenCheckerOptions {
  /** Attio API base URL (--base-url / ATTIO_API_BASE_URL). */
  readonly baseUrl: string;
  /** Per-attempt timeout (HEALTH_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** Retries after the first attempt for transient failures (HEALTH_RETRIES). */
  readonly retries: number;
  /**
   * The process-wide request-rate cap (HEALTH_RATE_LIMIT_PER_SECOND), shared by every check's client:
   * every attempt, retries included, takes a slot, so Attio never sees more than the cap in any second.
   */
  readonly limiter: RequestThrottle;
  /**
   * Attio's per-token budget shared with every other process on the same store (SHARED_LIMITER), and the
   * 429 pauses with it; in addition to `limiter`, which still caps this process.
   */
  readonly rateBudget?: RateBudget;
  readonly now: () => number;
  /** attio-core's sleep contract: rejects when the signal aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Aborts in-flight checks when shutdown gives up waiting. */
  readonly signal?: AbortSignal;
  /**
   * Send through this fetch instead of attio-core's default undici transport (one shared keep-alive
   * Agent; Node 20's fetch reaches about a fifth of its throughput, see tools/bench/transport.bench.ts).
   */
  readonly fetch?: typeof fetch;
}

/**
 * Runs one `/v2/self` call for a token and returns its outcome; never throws. `workspaceId` (a stored
 * connection's) only labels the call's trace spans.
 */
export type TokenChecker = (token: string, workspaceId?: string) => Promise<CheckOutcome>;

/**
 * Creates the checker: one short-lived attio-core client per token (the token lives only for the
 * duration of its own check), the process-wide cap as the client's throttle (so retries count
 * too: the faults suite measured 200 requests in one second when only first attempts were charged), and
 * attio-core's retry policy for transient failures, which honours `Retry-After` on 429
 * (https://docs.attio.com/rest-api/guides/rate-limiting).
 *
 * @example
 * const check = createTokenChecker({ baseUrl, timeoutMs: 10_000, retries: 2, limiter, now: Date.now, sleep });
 * const outcome = await check(token); // { ok: true, self: { active: true, scopes: [...] } }
 */
export function createTokenChecker(options: TokenCheckerOptions): TokenChecker {
  return async (token, workspaceId) => {
    try {
      const client = createAttioClient({
        token,
        ...(workspaceId !== undefined ? { workspaceId } : {}),
        baseUrl: options.baseUrl,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        timeoutMs: options.timeoutMs,
        retry:
          options.retries === 0 ? false : { retries: options.retries, maxRetryAfterMs: 10_000 },
        throttle: options.limiter,
        ...(options.rateBudget ? { rateBudget: options.rateBudget } : {}),
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
