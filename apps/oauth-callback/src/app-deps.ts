import type {
  ConnectionLifecycle,
  ConnectionRepository,
  EventOutbox,
  HealthHistory,
  HealthRounds,
  InstallSessions,
  InstallStateStore,
  ObservationLedger,
  ObservationRecorder,
  RevocationQueue,
  StoreHandle,
} from '@attio-auth/connection-store';
import type { Logger, RequestThrottle } from '@attio-auth/attio-core';
import type { TracerProvider } from '@attio-auth/attio-otel';
import type { HitLimiter } from '@attio-auth/rate-budget';

import type { Config } from './config.js';
import type { Metrics } from './metrics.js';

/**
 * The store roles the callback service uses: connections (with soft delete, restore and purge),
 * install states and links, the revocation queue (replaced, deleted and refused tokens), the health
 * history (admin API and console charts), the health checker's last rounds (console overview), the
 * observations its own Attio calls make, ping and close.
 */
export type CallbackStore = ConnectionRepository &
  EventOutbox &
  HealthHistory &
  Pick<HealthRounds, 'lastRounds'> &
  ConnectionLifecycle &
  InstallStateStore &
  InstallSessions &
  RevocationQueue &
  Pick<ObservationLedger, 'recordObservations'> &
  StoreHandle;

/**
 * Everything `createApp` needs, passed in so tests and the demo can give real parts (a sandbox,
 * a SQLite file in a temp dir, a logger writing to memory) without touching globals.
 */
export interface AppDeps {
  readonly config: Config;
  readonly store: CallbackStore;
  readonly logger: Logger;
  /** Default: fresh metrics without process metrics. */
  readonly metrics?: Metrics;
  /** Wall clock in ms (state expiry); default `Date.now`. */
  readonly now?: () => number;
  /** Used for the token exchange, `/v2/self` and revocations; default the global `fetch`. */
  readonly fetch?: typeof fetch;
  /**
   * The one revoke pacer of the process (admin deletes and the background pass share it: Attio's limit
   * is per IP); default a pacer at REVOKE_RATE_PER_MINUTE.
   */
  readonly revokePacer?: RequestThrottle;
  /** Where the install's root span goes; default the global provider (a no-op unless tracing started). */
  readonly tracerProvider?: TracerProvider;
  /** The per-IP limit counted on the shared store (SHARED_LIMITER); default: counted in this process. */
  readonly hitLimiter?: HitLimiter;
  /**
   * Where the service reports what its own calls to Attio with a stored token taught it (the
   * console's revoke: the token is dead now), so the health checker rechecks that connection within
   * seconds instead of at its next round. Default: not reported.
   */
  readonly observations?: Pick<ObservationRecorder, 'observe'>;
}
