/**
 * The demo's running parts on embedded defaults: the Attio sandbox in this process, with its OAuth app's
 * redirect URI pointing at the callback service, and the callback service on SQLite with the generated dev
 * key (dev mode). Shared by `npm start` (start.ts) and `npm run demo` (tour.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { sandboxEnv } from '@attio-auth/attio-sandbox/testing';
import {
  bindServer,
  createLogger,
  loadConfig,
  startService,
  type Config,
  type RunningService,
} from '@attio-auth/oauth-callback';

/** Options of {@link startDemoStack}; every field has an embedded default. */
export interface DemoStackOptions {
  /** Port of the callback service; 0 (default) = random. */
  port?: number;
  /** Where the dev encryption key lives (default `./.data`, as in dev mode of the service). */
  dataDir?: string;
  /** Store URL; default a SQLite file in a fresh temp dir, removed on close, so repeated demos start clean. */
  databaseUrl?: string;
  /** pino level of the service's JSON logs on stdout (default `info`). */
  logLevel?: Config['log']['level'];
  /** Scopes the install must grant (ATTIO_REQUIRED_SCOPES). */
  requiredScopes?: string;
  /** ADMIN_TOKEN of the service (unset = admin API off). */
  adminToken?: string;
}

/** The running demo. */
export interface DemoStack {
  readonly sandbox: Sandbox;
  readonly service: RunningService;
  readonly config: Config;
  /** Where the connections are stored (no password: a file path or the given URL's host). */
  readonly storeDescription: string;
  close(): Promise<void>;
}

/**
 * Starts sandbox + callback service. On failure everything already started is closed again.
 *
 * @example
 * ```ts
 * const stack = await startDemoStack({ logLevel: 'warn' });
 * console.log(`${stack.service.url}/install`);
 * await stack.close();
 * ```
 */
export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const tempDir = options.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'attio-auth-demo-'));
  const databaseUrl =
    options.databaseUrl ?? `sqlite:${join(tempDir as string, 'connections.sqlite')}`;
  const cleanups: (() => unknown)[] = [];
  if (tempDir) cleanups.push(() => rmSync(tempDir, { recursive: true, force: true }));
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    // Bind first: the OAuth app's redirect URI must name this exact port.
    const bound = await bindServer({ port: options.port ?? 0, host: '127.0.0.1' });
    const closeBound = () => bound.close(2_000);
    cleanups.push(closeBound);
    const redirectUri = `${bound.url}/oauth/callback`;
    const sandbox = await startSandbox({
      rateLimit: false,
      oauthApp: { redirectUris: [redirectUri] },
    });
    cleanups.push(() => sandbox.close());
    const config = loadConfig(
      sandboxEnv(sandbox, {
        DEMO_MODE: '1',
        PUBLIC_BASE_URL: bound.url,
        PORT: String(new URL(bound.url).port),
        DATABASE_URL: databaseUrl,
        DATA_DIR: options.dataDir ?? './.data',
        LOG_LEVEL: options.logLevel ?? 'info',
        ...(options.requiredScopes ? { ATTIO_REQUIRED_SCOPES: options.requiredScopes } : {}),
        ...(options.adminToken ? { ADMIN_TOKEN: options.adminToken } : {}),
      }),
    );
    const service = await startService(config, createLogger(config.log), {
      bound,
      processMetrics: false,
    });
    // service.close() drains the bound server and closes the store.
    cleanups.splice(cleanups.indexOf(closeBound), 1);
    cleanups.push(() => service.close());
    return {
      sandbox,
      service,
      config,
      storeDescription: databaseUrl.startsWith('sqlite:')
        ? `SQLite file ${databaseUrl.slice('sqlite:'.length)}`
        : 'DATABASE_URL',
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
