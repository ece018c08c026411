import { Writable } from 'node:stream';

import type { TracerProvider } from '@attio-auth/attio-otel';
import { sandboxEnv, type SandboxEndpoints } from '@attio-auth/attio-sandbox/testing';
import type { HitLimiter } from '@attio-auth/rate-budget';
import {
  createObservationRecorder,
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
  type ConnectionStore,
  type ObservationRecorder,
} from '@attio-auth/connection-store';

import { createApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { createLogger } from '../logger.js';
import { createMetrics, type Metrics } from '../metrics.js';
import { bindServer } from '../server.js';
import { postgresStoreOptions } from '../store-options.js';
import { freshDatabase, type TestDatabase } from './test-databases.js';

/** What the harness needs from a sandbox: its endpoints and the admin call that registers a redirect URI. */
export interface SandboxLike extends SandboxEndpoints {
  readonly admin: { addRedirectUri(clientId: string, uri: string): void };
}

/** A callback service on a random port, wired to a sandbox, on a fresh database. */
export interface CallbackHarness {
  /** The service's public base URL: the origin, plus `basePath` when one was given. */
  readonly url: string;
  readonly config: Config;
  readonly store: ConnectionStore;
  readonly metrics: Metrics;
  readonly db: TestDatabase;
  /** Every log line (JSON) the service wrote. */
  readonly logs: string[];
  /** With `recordObservations`: the app's recorder (flush it to see what was observed). */
  readonly observations: ObservationRecorder | undefined;
  /** Stops the server and the store, and drops the database. */
  close(): Promise<void>;
}

/** Options of {@link startCallbackHarness}. */
export interface CallbackHarnessOptions {
  sandbox: SandboxLike;
  driver?: 'sqlite' | 'postgres';
  /** Extra environment for `loadConfig` (e.g. ATTIO_REQUIRED_SCOPES, POST_INSTALL_URL, ADMIN_TOKEN). */
  env?: Record<string, string>;
  /** The per-IP limiter on a shared store (SHARED_LIMITER); default counted in the app's process. */
  hitLimiter?: HitLimiter;
  now?: () => number;
  fetch?: typeof fetch;
  /** Where the install's root span goes (the real SDK with an in-memory exporter, in tracing tests). */
  tracerProvider?: TracerProvider;
  /** A path prefix of PUBLIC_BASE_URL (e.g. `/attio/`), as behind a proxy serving several apps. */
  basePath?: string;
  /** Gives the app an observation recorder on the store, as `startService` does (no timer flush). */
  recordObservations?: boolean;
}

/**
 * Starts the real app (config from `loadConfig`, real store, real server on 127.0.0.1:0), registers
 * its redirect URI with the sandbox app, and captures logs in memory.
 *
 * @example
 * ```ts
 * const service = await startCallbackHarness({ sandbox, driver: 'sqlite' });
 * const { result } = await runInstall(service.url);
 * await service.close();
 * ```
 */
export async function startCallbackHarness(
  options: CallbackHarnessOptions,
): Promise<CallbackHarness> {
  const { sandbox } = options;
  const db = freshDatabase(options.driver ?? 'sqlite');
  const bound = await bindServer({ port: 0, host: '127.0.0.1' });
  const keys = generateKeyRingEntry('test1');
  const publicBaseUrl = `${bound.url}${options.basePath ?? ''}`;
  const config = loadConfig(
    sandboxEnv(sandbox, {
      PUBLIC_BASE_URL: publicBaseUrl,
      TOKEN_ENCRYPTION_KEYS: keys,
      DATABASE_URL: db.databaseUrl,
      RATE_LIMIT_MAX: '100000',
      LOG_LEVEL: 'info',
      ...options.env,
    }),
  );
  sandbox.admin.addRedirectUri(sandbox.fixtures.oauthApp.clientId, config.oauth.redirectUri);
  const store = await openConnectionStore({
    databaseUrl: db.databaseUrl,
    keyRing: parseKeyRing(keys),
    ...postgresStoreOptions(config),
    ...(db.schema ? { schema: db.schema } : {}),
    sqliteBusyTimeoutMs: config.store.sqliteBusyTimeoutMs,
    // The store decides state expiry: it reads the same clock as the app.
    ...(options.now ? { now: () => new Date((options.now as () => number)()) } : {}),
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l.length > 0),
      );
      done();
    },
  });
  const logger = createLogger(config.log, sink);
  const metrics = createMetrics();
  const observations = options.recordObservations
    ? createObservationRecorder({ store, flushEveryMs: 3_600_000 })
    : undefined;
  bound.serve(
    createApp({
      config,
      store,
      logger,
      metrics,
      ...(options.now ? { now: options.now } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.tracerProvider ? { tracerProvider: options.tracerProvider } : {}),
      ...(options.hitLimiter ? { hitLimiter: options.hitLimiter } : {}),
      ...(observations ? { observations } : {}),
    }),
  );
  return {
    url: publicBaseUrl.replace(/\/+$/, ''),
    config,
    store,
    metrics,
    db,
    logs,
    observations,
    async close() {
      await bound.close(2_000);
      await observations?.close();
      await store.close().catch(() => undefined);
      db.drop();
    },
  };
}
