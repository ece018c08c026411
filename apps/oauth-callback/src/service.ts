import type { Logger } from '@attio-auth/attio-core';

import type { CallbackStore } from './app-deps.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { startServiceEventDelivery } from './events/event-delivery.js';
import { notifyingStore } from './events/notifying-store.js';
import { errorSummary } from './http/error-summary.js';
import { createServicePacer } from './lifecycle/lifecycle-deps.js';
import {
  startRevocationPassLoop,
  type RevocationPassLoop,
} from './lifecycle/revocation-pass-loop.js';
import { openSharedHitLimiter } from './http/shared-hit-limiter.js';
import { createMetrics } from './metrics.js';
import { metricsApp } from './metrics-app.js';
import { openStore } from './open-store.js';
import { bindServer, type BoundServer } from './server.js';
import type { EventDeliveryService } from '@attio-auth/event-delivery';
import { createObservationRecorder } from '@attio-auth/connection-store';

/** What a shutdown left unfinished when SHUTDOWN_TIMEOUT_MS ran out. */
export interface ShutdownReport {
  /** Requests still running when their connections were cut. */
  readonly abandonedRequests: number;
  /** False when the store did not close in time (a query still running, e.g. behind a lock). */
  readonly storeClosed: boolean;
}

/** The store gets at least this long to close, even when draining used the whole deadline. */
const STORE_CLOSE_MIN_MS = 200;

/** A running callback service (store + HTTP server). */
export interface RunningService {
  readonly url: string;
  /** Base URL of the METRICS_PORT listener (undefined: /metrics is served on `url`). */
  readonly metricsUrl: string | undefined;
  /** The ADMIN_HOST/ADMIN_PORT listener's URL (console and admin API), when configured. */
  readonly adminUrl: string | undefined;
  readonly store: CallbackStore;
  /** The background revocation pass (REVOCATION_PASS_INTERVAL_SECONDS); `runOnce()` runs a round now. */
  readonly revocationPass: RevocationPassLoop;
  /** The event delivery worker (undefined when EVENT_DESTINATIONS lists none). */
  readonly eventDelivery: EventDeliveryService | undefined;
  /**
   * Drains in-flight requests, then closes the store, all within SHUTDOWN_TIMEOUT_MS (the store at
   * least 200 ms): what is still running then is abandoned and reported, so a stuck query never
   * holds the shutdown. After an incomplete shutdown the caller should exit the process.
   */
  close(): Promise<ShutdownReport>;
}

/**
 * Opens the store, builds the app and listens: what `main.ts` and the demo run.
 * Expired install states are purged every few minutes, and the background revocation pass runs every
 * REVOCATION_PASS_INTERVAL_SECONDS (timers unref'd: they never keep the process up; both stop on close).
 *
 * @example
 * ```ts
 * const service = await startService(loadConfig(process.env), createLogger(config.log));
 * console.log(`open ${service.url}/install`);
 * ```
 */
export async function startService(
  config: Config,
  logger: Logger,
  options: {
    store?: CallbackStore;
    fetch?: typeof fetch;
    processMetrics?: boolean;
    /** A server bound earlier (see `bindServer`), e.g. to learn a random port before building the config. */
    bound?: BoundServer;
    /** The ADMIN_HOST/ADMIN_PORT listener bound earlier (main.ts, to report a taken port as config). */
    adminBound?: BoundServer;
    /** Clock in ms of the app and the background pass (give the store the same); default `Date.now`. */
    now?: () => number;
  } = {},
): Promise<RunningService> {
  const opened = options.store ?? (await openStore(config, logger));
  const metrics = createMetrics({ defaults: options.processMetrics ?? true, store: opened });
  const eventDelivery = startServiceEventDelivery({
    config,
    outbox: opened,
    logger,
    onResult: (result) => metrics.deliveryResults.inc({ result }),
    ...(options.now ? { now: options.now } : {}),
  });
  // Every change that writes events wakes the worker at once (it polls every second otherwise).
  const store = eventDelivery
    ? notifyingStore(opened, () => eventDelivery.worker.notify())
    : opened;
  const shared = await openSharedHitLimiter(config, logger);
  // One pacer for every revoke of the process: Attio's limit is per IP address.
  const revokePacer = createServicePacer(config);
  // What the service's own calls to Attio learn of a stored token, written coalesced (once a second).
  const observations = createObservationRecorder({
    store: opened,
    onError: (err) => logger.warn({ err: errorSummary(err) }, 'observations not recorded'),
  });
  const appDeps = {
    config,
    store,
    logger,
    metrics,
    revokePacer,
    observations,
    ...(shared ? { hitLimiter: shared.limiter } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  // With ADMIN_PORT, /admin (console and JSON API) is served only there, so PORT can face the internet.
  const listener = config.admin.listener;
  const app = createApp(appDeps, { surface: listener ? 'public' : 'all' });
  const running =
    options.bound ?? (await bindServer({ port: config.http.port, host: config.http.host }));
  running.serve(app);
  const adminServer = listener
    ? (options.adminBound ??
      (await bindServer(listener).catch(async (err: unknown) => {
        await running.close(0);
        throw err;
      })))
    : undefined;
  adminServer?.serve(createApp(appDeps, { surface: 'admin' }));
  const metricsPort = config.http.metricsPort;
  const metricsServer =
    metricsPort === undefined
      ? undefined
      : await bindServer({ port: metricsPort, host: config.http.host }).catch(
          async (err: unknown) => {
            await Promise.all([running.close(0), adminServer?.close(0)]);
            throw err;
          },
        );
  metricsServer?.serve(metricsApp(metrics));
  const purge = setInterval(() => {
    store
      .purgeExpiredStates()
      .catch((err: unknown) => logger.warn({ err: errorSummary(err) }, 'state purge failed'));
  }, 5 * 60_000);
  purge.unref();
  const revocationPass = startRevocationPassLoop({
    config,
    store,
    logger,
    metrics,
    pacer: revokePacer,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  logger.info(
    {
      url: running.url,
      ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
      adminUrl: adminServer?.url ?? null,
      store: store.driver,
      redirectUri: config.oauth.redirectUri,
      devMode: config.devMode,
    },
    'oauth-callback listening',
  );
  return {
    url: running.url,
    metricsUrl: metricsServer?.url,
    adminUrl: adminServer?.url,
    store,
    revocationPass,
    eventDelivery,
    async close() {
      clearInterval(purge);
      const deadline = Date.now() + config.http.shutdownTimeoutMs;
      const [{ abandonedRequests }, adminClosed] = await Promise.all([
        running.close(config.http.shutdownTimeoutMs),
        adminServer?.close(config.http.shutdownTimeoutMs),
        metricsServer?.close(config.http.shutdownTimeoutMs),
        // A round in progress may finish within the deadline; its leases expire otherwise.
        revocationPass.stop(config.http.shutdownTimeoutMs),
        // Deliveries in flight finish and are recorded; what is left is sent again after its lease.
        eventDelivery?.close(config.http.shutdownTimeoutMs),
      ]);
      await shared?.close();
      // After the last request: what the drained requests observed is written before the store closes.
      await observations.close();
      const storeClosed = options.store
        ? true
        : await closeWithin(store, Math.max(deadline - Date.now(), STORE_CLOSE_MIN_MS));
      return {
        abandonedRequests: abandonedRequests + (adminClosed?.abandonedRequests ?? 0),
        storeClosed,
      };
    },
  };
}

/** Closes the store, or gives up after `ms` (pg's pool waits for every checked-out client). */
async function closeWithin(store: CallbackStore, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([store.close().then(() => true as const), gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}
