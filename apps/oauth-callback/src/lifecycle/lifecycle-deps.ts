import { createRevokePacer } from '@attio-auth/attio-oauth';
import type { RequestThrottle } from '@attio-auth/attio-core';
import type { LifecycleDeps } from '@attio-auth/connection-lifecycle';

import type { AppDeps } from '../app-deps.js';
import type { Config } from '../config.js';

/**
 * The process's revoke pacer at REVOKE_RATE_PER_MINUTE: create one and share it between the admin API
 * and the background pass (Attio's limit is per IP address, not per caller).
 *
 * @example
 * ```ts
 * const pacer = createServicePacer(config);
 * ```
 */
export function createServicePacer(config: Config): RequestThrottle {
  return createRevokePacer({ perWindow: config.lifecycle.revokeRatePerMinute, windowMs: 60_000 });
}

/**
 * What `@attio-auth/connection-lifecycle` needs, from the app's parts: the store, ATTIO_REVOKE_URL, the
 * shared pacer, the app's `fetch`, clock and logger (which never sees a token).
 *
 * @example
 * ```ts
 * await deleteConnection(lifecycleDepsFor(deps, pacer), workspaceId);
 * ```
 */
export function lifecycleDepsFor(
  deps: Pick<AppDeps, 'config' | 'store' | 'logger' | 'fetch' | 'now'>,
  pacer: RequestThrottle,
): LifecycleDeps {
  const now = deps.now;
  return {
    // Deletion times and retention follow the app's clock (the store's, in tests); default wall time.
    ...(now === undefined ? {} : { now: () => new Date(now()) }),
    store: deps.store,
    revokeUrl: deps.config.oauth.revokeUrl,
    pacer,
    logger: deps.logger,
    timeoutMs: deps.config.attio.timeoutMs,
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
  };
}
