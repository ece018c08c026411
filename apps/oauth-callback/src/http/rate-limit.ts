import type { NextFunction, Request, Response } from 'express';
import type { HitLimiter } from '@attio-auth/rate-budget';

import { serviceFailure } from '../failures/install-failure.js';
import { ServiceFailureCode } from '../failures/service-failure-codes.js';
import { sendFailure } from './send-failure.js';

/** Options of {@link createRateLimiter}. */
export interface RateLimitOptions {
  windowMs: number;
  /** Requests allowed per key and window. */
  max: number;
  now?: () => number;
  /** Bound on tracked keys; expired windows are swept when it is reached, so memory stays flat. */
  maxKeys?: number;
}

/**
 * A fixed-window counter per key. In memory, per process: enough to blunt one client hammering
 * `/install` or `/oauth/callback`; a fleet behind a load balancer should also limit at the edge.
 *
 * @example
 * ```ts
 * const limiter = createRateLimiter({ windowMs: 60_000, max: 30 });
 * limiter.hit('203.0.113.7'); // { allowed: true, retryAfterMs: 0 }
 * ```
 */
export function createRateLimiter(options: RateLimitOptions) {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 50_000;
  const windows = new Map<string, { count: number; resetAt: number }>();

  function sweep(at: number): void {
    for (const [key, w] of windows) if (w.resetAt <= at) windows.delete(key);
    // Still full (a flood of distinct keys): drop the oldest entries rather than grow without bound.
    while (windows.size >= maxKeys) {
      const oldest = windows.keys().next().value as string;
      windows.delete(oldest);
    }
  }

  return {
    hit(key: string): { allowed: boolean; retryAfterMs: number } {
      const at = now();
      let w = windows.get(key);
      if (w === undefined || w.resetAt <= at) {
        if (w === undefined && windows.size >= maxKeys) sweep(at);
        w = { count: 0, resetAt: at + options.windowMs };
        windows.set(key, w);
      }
      w.count += 1;
      return w.count <= options.max
        ? { allowed: true, retryAfterMs: 0 }
        : { allowed: false, retryAfterMs: w.resetAt - at };
    },
    get size(): number {
      return windows.size;
    },
  };
}

/**
 * Express middleware limiting requests per client IP (`req.ip`, which honours the `trust proxy`
 * setting) and route. Over the limit: 429 `RATE_LIMITED` with `Retry-After` in seconds. With a `shared`
 * limiter (SHARED_LIMITER=redis|postgres) every instance counts into the same window; it falls back to
 * its own share by itself when the store is down, and this in-process count answers if it ever rejects.
 *
 * @example
 * ```ts
 * app.get('/install', rateLimit({ windowMs: 60_000, max: 30 }, 'install'), handler);
 * ```
 */
export function rateLimit(options: RateLimitOptions, bucket: string, shared?: HitLimiter) {
  const limiter = createRateLimiter(options);
  const answer = (
    req: Request,
    res: Response,
    next: NextFunction,
    verdict: { allowed: boolean; retryAfterMs: number },
  ): void => {
    if (verdict.allowed) return next();
    const retryAfterSeconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    sendFailure(req, res, serviceFailure(ServiceFailureCode.RATE_LIMITED, { retryAfterSeconds }));
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    const key = `${bucket}|${req.ip ?? 'unknown'}`;
    if (shared === undefined) return answer(req, res, next, limiter.hit(key));
    shared.hit(key).then(
      (verdict) => answer(req, res, next, verdict),
      () => answer(req, res, next, limiter.hit(key)),
    );
  };
}
