import { Writable } from 'node:stream';

import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { sandboxEnv } from '@attio-auth/attio-sandbox/testing';
import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
  type ConnectionStore,
} from '@attio-auth/connection-store';

import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startService, type RunningService } from '../service.js';
import { freshDatabase, type TestDatabase } from '../testing/test-databases.js';

jest.setTimeout(60_000);

const quiet = new Writable({ write: (_chunk, _enc, done) => done() });

describe('METRICS_PORT: /metrics on a listener of its own (SQLite)', () => {
  let sandbox: Sandbox;
  let db: TestDatabase;
  let store: ConnectionStore;
  let service: RunningService | undefined;
  let starter: (extra: Record<string, string>) => Promise<RunningService>;

  beforeEach(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    db = freshDatabase('sqlite');
    const keys = generateKeyRingEntry('m1');
    store = await openConnectionStore({ databaseUrl: db.databaseUrl, keyRing: parseKeyRing(keys) });
    const start = async (extra: Record<string, string>) => {
      const config = loadConfig(
        sandboxEnv(sandbox, {
          PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
          PORT: '0',
          TOKEN_ENCRYPTION_KEYS: keys,
          SHUTDOWN_TIMEOUT_MS: '2000',
          ...extra,
        }),
      );
      return startService(config, createLogger(config.log, quiet), {
        store,
        processMetrics: false,
      });
    };
    starter = start;
  });

  afterEach(async () => {
    await service?.close();
    service = undefined;
    await store.close();
    db.drop();
    await sandbox.close();
  });

  it('when METRICS_PORT is set, then /metrics answers there with the store gauges and 404 on the main port', async () => {
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: 'tok-1' });
    await store.record([
      { workspaceId: 'ws-1', result: { status: 'revoked', checkedAt: new Date() } },
    ]);
    service = await starter({ METRICS_PORT: '0' });
    expect(service.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(service.metricsUrl).not.toBe(service.url);
    const scrape = await fetch(`${service.metricsUrl}/metrics`);
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    expect(text).toContain('attio_auth_connections{status="revoked"} 1');
    expect(text).toContain('attio_auth_connections{status="healthy"} 0');
    expect(text).toContain('attio_auth_event_deliveries{state="dead"} 0');
    expect(text).toContain('attio_auth_event_delivery_results_total{result="dead"} 0');
    expect((await fetch(`${service.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${service.metricsUrl}/install`)).status).toBe(404);
  });

  it('when METRICS_PORT is unset, then /metrics stays on the main port', async () => {
    service = await starter({});
    expect(service.metricsUrl).toBeUndefined();
    const scrape = await fetch(`${service.url}/metrics`);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('attio_auth_connections{status="unknown"} 0');
  });
});
