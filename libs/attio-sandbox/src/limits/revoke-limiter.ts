/**
 * The revocation endpoint's own rate limit: Attio documents 50 requests per minute per IP address for
 * `POST /oauth/revoke`, separate from the per-token REST limits (docs/attio-api-notes.md, "Revocation").
 * Attio does not say how the minute is measured, so the sandbox takes the strictest reading, a sliding
 * window: at most `max` accepted requests from one IP in any `windowMs` span. A client that stays within a
 * sliding window also stays within any fixed window. Refused requests do not consume budget (like the
 * REST limiter). Time comes from the injected clock.
 */
import type { RevokeLimitOptions } from '../types.js';

/**
 * Attio's figure: 50 per minute.
 *
 * @example
 * ```ts
 * DEFAULT_REVOKE_LIMIT; // → { max: 50, windowMs: 60_000 }
 * ```
 */
export const DEFAULT_REVOKE_LIMIT: RevokeLimitOptions = Object.freeze({
  max: 50,
  windowMs: 60_000,
});

/** Outcome of {@link RevokeLimiter.take}: allowed, or refused with how long until a slot frees. */
export type RevokeLimitDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterMs: number };

const OK: RevokeLimitDecision = { ok: true };

/**
 * A sliding-log limiter keyed by client IP.
 *
 * @example
 * ```ts
 * const limiter = new RevokeLimiter({ max: 50, windowMs: 60_000 });
 * limiter.take('127.0.0.1', Date.now()); // → { ok: true } for the first 50 in any minute
 * ```
 */
export class RevokeLimiter {
  /** Accepted request times per IP, oldest first. */
  private readonly logs = new Map<string, number[]>();

  constructor(private readonly limits: RevokeLimitOptions | false) {
    if (limits) {
      if (!Number.isInteger(limits.max) || limits.max <= 0)
        throw new RangeError(`revokeLimit.max must be a positive integer (Attio's is 50).`);
      if (!Number.isInteger(limits.windowMs) || limits.windowMs <= 0)
        throw new RangeError(
          `revokeLimit.windowMs must be a positive integer of milliseconds (Attio's is 60000).`,
        );
    }
  }

  /** Records one request from `ip` at `nowMs` when it is within budget. */
  take(ip: string, nowMs: number): RevokeLimitDecision {
    const limits = this.limits;
    if (!limits) return OK;
    let log = this.logs.get(ip);
    if (log === undefined) {
      log = [];
      this.logs.set(ip, log);
    }
    // [now - windowMs + 1, now] is one window: a request exactly windowMs ago has left it.
    while (log.length > 0 && (log[0] as number) <= nowMs - limits.windowMs) log.shift();
    if (log.length >= limits.max) {
      return { ok: false, retryAfterMs: (log[0] as number) + limits.windowMs - nowMs };
    }
    log.push(nowMs);
    return OK;
  }
}
