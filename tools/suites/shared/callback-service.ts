/**
 * The OAuth callback service in this process, built from its public parts (loadConfig, createLogger,
 * createApp, bindServer) on a store location of the suite's choosing, so a CLI given the same
 * DATABASE_URL and TOKEN_ENCRYPTION_KEYS sees the same connections (the testing harness picks its
 * own database). Log lines are captured in memory.
 */
import { Writable } from 'node:stream';

import { sandboxEnv, type SandboxEndpoints } from '@attio-auth/attio-sandbox/testing';
import {
  openConnectionStore,
  parseKeyRing,
  type ConnectionStore,
} from '@attio-auth/connection-store';
import {
  bindServer,
  createApp,
  createLogger,
  createMetrics,
  loadConfig,
} from '@attio-auth/oauth-callback';

import type { SuiteStore } from './suite-store.js';

/** A running in-process callback service. */
export interface InProcessService {
  readonly url: string;
  readonly redirectUri: string;
  readonly store: ConnectionStore;
  /** Every log line written so far. */
  readonly logs: string[];
  close(): Promise<void>;
}

/**
 * Starts the service on 127.0.0.1:0. The caller registers `redirectUri` with the sandbox app.
 *
 * @example
 * ```ts
 * const service = await startInProcessService(sandbox, location, { LOG_LEVEL: 'info' });
 * sandbox.admin.addRedirectUri(sandbox.fixtures.oauthApp.clientId, service.redirectUri);
 * ```
 */
export async function startInProcessService(
  sandbox: SandboxEndpoints,
  location: SuiteStore,
  env: Record<string, string> = {},
): Promise<InProcessService> {
  const bound = await bindServer({ port: 0, host: '127.0.0.1' });
  const config = loadConfig(
    sandboxEnv(sandbox, {
      PUBLIC_BASE_URL: bound.url,
      TOKEN_ENCRYPTION_KEYS: location.keys,
      DATABASE_URL: location.databaseUrl,
      RATE_LIMIT_MAX: '1000000',
      LOG_LEVEL: 'info',
      ...env,
    }),
  );
  const store = await openConnectionStore({
    databaseUrl: location.databaseUrl,
    keyRing: parseKeyRing(location.keys),
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.length > 0) logs.push(line);
      if (logs.length > 20_000) logs.splice(0, logs.length - 10_000);
      done();
    },
  });
  const logger = createLogger(config.log, sink);
  bound.serve(createApp({ config, store, logger, metrics: createMetrics() }));
  return {
    url: bound.url,
    redirectUri: config.oauth.redirectUri,
    store,
    logs,
    async close() {
      await bound.close(2_000);
      await store.close().catch(() => undefined);
    },
  };
}
