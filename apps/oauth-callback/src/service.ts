import type { Logger } from '@attio-auth/attio-core';

import type { CallbackStore } from './app-deps.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { errorSummary } from './http/error-summary.js';
import { createMetrics } from './metrics.js';
import { openStore } from './open-store.js';
import { bindServer, type BoundServer } from './server.js';

/** A running callback service (store + HTTP server). */
export interface RunningService {
  readonly url: string;
  readonly store: CallbackStore;
  /** Drains in-flight requests (up to SHUTDOWN_TIMEOUT_MS), then closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the store, builds the app and listens: what `main.ts` and the demo run.
 * Expired install states are purged every few minutes (timer unref'd: it never keeps the process up).
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
  } = {},
): Promise<RunningService> {
  const store = options.store ?? (await openStore(config, logger));
  const metrics = createMetrics({ defaults: options.processMetrics ?? true });
  const app = createApp({
    config,
    store,
    logger,
    metrics,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const running =
    options.bound ?? (await bindServer({ port: config.http.port, host: config.http.host }));
  running.serve(app);
  const purge = setInterval(() => {
    store
      .purgeExpiredStates()
      .catch((err: unknown) => logger.warn({ err: errorSummary(err) }, 'state purge failed'));
  }, 5 * 60_000);
  purge.unref();
  logger.info(
    {
      url: running.url,
      store: store.driver,
      redirectUri: config.oauth.redirectUri,
      devMode: config.devMode,
    },
    'oauth-callback listening',
  );
  return {
    url: running.url,
    store,
    async close() {
      clearInterval(purge);
      await running.close(config.http.shutdownTimeoutMs);
      if (!options.store) await store.close();
    },
  };
}
