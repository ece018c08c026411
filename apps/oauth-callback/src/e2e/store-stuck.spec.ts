import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { approve, sandboxEnv } from '@attio-auth/attio-sandbox/testing';
import { holdTableLock, startSilentServer } from '@attio-auth/connection-store/testing';
import { Writable } from 'node:stream';

import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startService } from '../service.js';
import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { CookieJar } from '../testing/cookie-jar.js';
import { beginInstall, followCallback } from '../testing/install-driver.js';
import { describeDatabase, postgresReachable } from '../testing/test-databases.js';

// Real sockets, a real PostgreSQL and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

const silentLogger = () =>
  createLogger(
    { level: 'silent' },
    new Writable({
      write: (_c, _e, done) => done(),
    }),
  );

describe('start-up against a PostgreSQL server that accepts TCP and never answers', () => {
  it('when DATABASE_URL points at it, then start-up fails within DATABASE_CONNECT_TIMEOUT_MS naming DATABASE_URL host:port', async () => {
    const silent = await startSilentServer();
    const sandbox = await startSandbox({ rateLimit: false });
    try {
      const config = loadConfig(
        sandboxEnv(sandbox, {
          PUBLIC_BASE_URL: 'http://127.0.0.1:9',
          TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
          DATABASE_URL: silent.url,
          DATABASE_CONNECT_TIMEOUT_MS: '400',
          PORT: '0',
        }),
      );
      const started = Date.now();
      const error = await startService(config, silentLogger(), { processMetrics: false }).then(
        (s) => s.close().then(() => new Error('it started')),
        (e: unknown) => e as Error,
      );
      expect(error.message).toBe(
        `DATABASE_URL: Could not open the PostgreSQL database at 127.0.0.1:${silent.port}/appdb: connected ` +
          'but got no answer within 400 ms. Check that the database URL points at PostgreSQL (not another ' +
          'service) and that the server is not overloaded or stuck.',
      );
      expect(Date.now() - started).toBeLessThan(5_000); // without a connect timeout: forever
    } finally {
      await sandbox.close();
      await silent.close();
    }
  });
});

const pgOk = postgresReachable();
(pgOk ? describe : describe.skip)(
  pgOk ? 'a stuck PostgreSQL store' : `skipped: PostgreSQL not reachable at ${describeDatabase()}`,
  () => {
    let sandbox: Sandbox;
    let service: CallbackHarness | undefined;
    beforeEach(async () => {
      sandbox = await startSandbox({ rateLimit: false });
    });
    afterEach(async () => {
      await service?.close();
      service = undefined;
      await sandbox.close();
    });

    const lockOn = (table: string, s: CallbackHarness) =>
      holdTableLock({ databaseUrl: s.db.databaseUrl, schema: s.db.schema, table });

    it('when the connections table is locked by another client, then the callback fails with 503 within the lock timeout', async () => {
      service = await startCallbackHarness({
        sandbox,
        driver: 'postgres',
        env: { DATABASE_LOCK_TIMEOUT_MS: '500' },
      });
      const jar = new CookieJar();
      const callbackUrl = await approve(await beginInstall(service.url, jar));
      const lock = await lockOn('connections', service);
      try {
        const started = Date.now();
        const result = await followCallback(callbackUrl, jar, { accept: 'application/json' });
        const ms = Date.now() - started;
        expect(result.status).toBe(503);
        expect(JSON.parse(result.body)).toMatchObject({
          error: { code: 'INSTALL_STORE_UNAVAILABLE' },
        });
        // The lock is held until released below: without a lock timeout the request waits with it.
        expect(ms).toBeLessThan(5_000);
      } finally {
        await lock.release();
      }
      expect(await service.store.countConnections()).toBe(0);
    });

    it('when a table the probe reads is locked, then /readyz answers 503 within READY_TIMEOUT_MS', async () => {
      service = await startCallbackHarness({
        sandbox,
        driver: 'postgres',
        env: { READY_TIMEOUT_MS: '300', DATABASE_LOCK_TIMEOUT_MS: '20000' },
      });
      const lock = await lockOn('connections', service);
      try {
        const started = Date.now();
        const ready = await fetch(`${service.url}/readyz`);
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(ready.status).toBe(503);
        expect(await ready.json()).toEqual({
          status: 'unavailable',
          store: 'postgres',
          reason: 'connection store did not answer within 300 ms',
        });
      } finally {
        await lock.release();
      }
      expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
    });

    it('when every pooled connection is held by a stuck request, then /readyz answers 503 within READY_TIMEOUT_MS', async () => {
      service = await startCallbackHarness({
        sandbox,
        driver: 'postgres',
        env: {
          READY_TIMEOUT_MS: '300',
          DATABASE_POOL_SIZE: '1',
          DATABASE_LOCK_TIMEOUT_MS: '20000',
        },
      });
      // /install writes install_states: with that table locked, the request holds the only client.
      const lock = await lockOn('install_states', service);
      const stuck = fetch(`${service.url}/install`, { redirect: 'manual' });
      try {
        await lock.waitForWaiters(1);
        const started = Date.now();
        const ready = await fetch(`${service.url}/readyz`);
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(ready.status).toBe(503);
        expect(await ready.json()).toEqual({
          status: 'unavailable',
          store: 'postgres',
          reason: 'connection store did not answer within 300 ms',
        });
      } finally {
        await lock.release();
      }
      expect((await stuck).status).toBe(302);
    });
  },
);
