import type { RevokeTokenOptions } from '@attio-auth/attio-oauth';
import type {
  ConnectionLifecycle,
  ConnectionRepository,
  RevocationQueue,
} from '@attio-auth/connection-store';

/**
 * A pino-compatible logger (`pino()` satisfies it). Given one, the lifecycle functions log one line per
 * revoke outcome (workspace id, outcome, error code), never a token; without one they log nothing.
 *
 * @example
 * ```ts
 * const logger: LifecycleLogger = { info: () => {}, warn: (obj, msg) => console.warn(msg, obj) };
 * ```
 */
export interface LifecycleLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * The store roles the lifecycle functions use (an opened `ConnectionStore` has them all).
 *
 * @example
 * ```ts
 * const store: LifecycleStore = await openConnectionStore({ keyRing });
 * ```
 */
export type LifecycleStore = Pick<
  ConnectionRepository,
  'getConnection' | 'getToken' | 'countConnections'
> &
  ConnectionLifecycle &
  Pick<RevocationQueue, 'enqueueRevocation' | 'leaseRevocations' | 'recordRevocation'>;

/**
 * What every lifecycle function needs: the store, Attio's revocation endpoint, and optionally a `fetch`,
 * a shared revoke pacer (`createRevokePacer()`: share one per process, the limit is per IP), a clock and a
 * logger. Nothing is read from the environment.
 *
 * @example
 * ```ts
 * const deps: LifecycleDeps = {
 *   store,
 *   revokeUrl: 'https://app.attio.com/oauth/revoke',
 *   pacer: createRevokePacer(),
 * };
 * ```
 */
export interface LifecycleDeps {
  store: LifecycleStore;
  /** Attio's revocation endpoint, e.g. `https://app.attio.com/oauth/revoke`. */
  revokeUrl: string;
  /** Passed to `revokeToken` (default: attio-core's undici transport). */
  fetch?: typeof fetch;
  /** Every revoke waits for a slot of this pacer (`createRevokePacer()`); default none. */
  pacer?: RevokeTokenOptions['pacer'];
  /** Clock for deletion times, leases and retention; default `() => new Date()`. */
  now?: () => Date;
  logger?: LifecycleLogger;
  /** Per revoke request; default `revokeToken`'s 30 s. */
  timeoutMs?: number;
  /** Longest `Retry-After` a revoke waits for on a 429 before it counts as failed; default 60 s. */
  maxWaitMs?: number;
}
