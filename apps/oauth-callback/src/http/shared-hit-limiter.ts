/**
 * SHARED_LIMITER=redis|postgres: the per-IP limit of /install and /oauth/callback counted on the shared
 * store, so N replicas behind a load balancer allow RATE_LIMIT_MAX per window in total, not N times it.
 * While the store is unreachable each replica keeps RATE_LIMIT_MAX / SHARED_LIMITER_INSTANCES on its own
 * (one warning, one info when it is back: see @attio-auth/rate-budget).
 */
import type { Logger } from '@attio-auth/attio-core';
import {
  createSharedHitLimiter,
  openSharedLimiter,
  type HitLimiter,
} from '@attio-auth/rate-budget';

import type { Config } from '../config.js';

/**
 * The shared per-IP limiter and how to close its store connection, or undefined (SHARED_LIMITER=memory).
 *
 * @example
 * ```ts
 * const shared = await openSharedHitLimiter(config, logger);
 * createApp({ ...deps, ...(shared ? { hitLimiter: shared.limiter } : {}) });
 * ```
 */
export async function openSharedHitLimiter(
  config: Config,
  logger: Logger,
  keyPrefix = 'attio-auth',
): Promise<{ limiter: HitLimiter; close(): Promise<void> } | undefined> {
  if (config.sharedLimiter === undefined) return undefined;
  const { store, close } = await openSharedLimiter(config.sharedLimiter, { logger, keyPrefix });
  const limiter = await createSharedHitLimiter({
    store,
    name: 'callback-http',
    windowMs: config.http.rateLimit.windowMs,
    max: config.http.rateLimit.max,
  });
  logger.info({ sharedLimiter: store.kind }, 'per-IP rate limit shared through the store');
  return { limiter, close };
}
