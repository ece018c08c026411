import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { sandboxEnv } from '@attio-auth/attio-sandbox/testing';
import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
} from '@attio-auth/connection-store';

import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startService } from '../service.js';
import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { consoleSessionCookie } from '../testing/console-session-cookie.js';
import { startIdentityProvider } from '../testing/identity-provider.js';
import { runInstall } from '../testing/install-driver.js';
import { storeDrivers } from '../testing/test-databases.js';

// Real sockets, a real store, the sandbox and an identity provider process: generous under load.
jest.setTimeout(30_000);

for (const target of storeDrivers()) {
  const suite = target.mode === 'skip' ? describe.skip : describe;
  suite(`console revoke reported to the health checker ${target.title}`, () => {
    if (target.mode === 'fail') {
      it('when PostgreSQL is required, then it must be reachable', () => {
        throw new Error(`${target.title}: start PostgreSQL or set TEST_DATABASE_URL`);
      });
      return;
    }
    let sandbox: Sandbox;
    let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
    let service: CallbackHarness;

    beforeAll(async () => {
      idp = await startIdentityProvider();
    });
    afterAll(async () => {
      await idp?.close();
    });
    beforeEach(async () => {
      sandbox = await startSandbox({ rateLimit: false });
      service = await startCallbackHarness({
        sandbox,
        driver: target.driver,
        env: idp.consoleEnv(),
        recordObservations: true,
      });
    });
    afterEach(async () => {
      await service?.close();
      await sandbox?.close();
    });

    /** Posts a console action as a signed-in admin (a session sealed as a sign-in would seal it). */
    async function adminPost(path: string): Promise<Response> {
      const consoleConfig = service.config.admin.console;
      if (consoleConfig === undefined) throw new Error('the console is not configured');
      const { cookie, csrf } = consoleSessionCookie(consoleConfig, {
        sub: 'boss',
        label: 'boss@example.com',
        role: 'admin',
      });
      return fetch(`${service.url}/admin/console${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf }).toString(),
        redirect: 'manual',
      });
    }

    const flagged = async () =>
      (await service.store.leaseFlagged({ owner: 'test', limit: 10, leaseMs: 60_000 })).map(
        (l) => l.connection.workspaceId,
      );

    it('when an admin revokes a live token in the console, then the connection is flagged for a recheck', async () => {
      const [primary, other] = sandbox.fixtures.workspaces;
      expect((await runInstall(service.url)).result.status).toBe(200);
      expect((await runInstall(service.url, { workspaceId: other?.id ?? '' })).result.status).toBe(
        200,
      );
      const res = await adminPost(`/connections/${primary?.id ?? ''}/revoke-token`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Attio revoked the token.');
      await service.observations?.flush();
      // The token is known dead now: the checker rechecks it within seconds, not at its next round.
      expect(await flagged()).toEqual([primary?.id]);
    });

    it('when the console revoke fails, then nothing is flagged', async () => {
      const [primary] = sandbox.fixtures.workspaces;
      expect((await runInstall(service.url)).result.status).toBe(200);
      sandbox.admin.setFaults([{ path: '/oauth/revoke', status: 503 }]);
      const res = await adminPost(`/connections/${primary?.id ?? ''}/revoke-token`);
      expect(res.status).toBe(502);
      await service.observations?.flush();
      expect(await flagged()).toEqual([]);
    });
  });
}

describe('console revoke observed, then the service shuts down', () => {
  it('when the service closes right after a console revoke, then the observation is written before the store closes', async () => {
    const sandbox = await startSandbox({ rateLimit: false });
    const idp = await startIdentityProvider();
    const dir = mkdtempSync(join(tmpdir(), 'observation-shutdown-'));
    const keys = generateKeyRingEntry('t1');
    const databaseUrl = `sqlite:${join(dir, 'connections.sqlite')}`;
    try {
      const config = loadConfig(
        sandboxEnv(sandbox, {
          PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
          PORT: '0',
          DATABASE_URL: databaseUrl,
          TOKEN_ENCRYPTION_KEYS: keys,
          LOG_LEVEL: 'silent',
          ...idp.consoleEnv(),
        }),
      );
      const service = await startService(config, createLogger(config.log), {
        processMetrics: false,
      });
      // A stored token Attio has never seen: its revoke answers like an already revoked one.
      await service.store.saveConnection({
        workspaceId: 'ws-1',
        scopes: [],
        token: 'stored-token-0123456789abcdef',
      });
      const consoleConfig = config.admin.console;
      if (consoleConfig === undefined) throw new Error('the console is not configured');
      const { cookie, csrf } = consoleSessionCookie(consoleConfig, {
        sub: 'boss',
        label: 'boss@example.com',
        role: 'admin',
      });
      const res = await fetch(`${service.url}/admin/console/connections/ws-1/revoke-token`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf }).toString(),
      });
      expect(res.status).toBe(200);
      // At once, well inside the recorder's one-second flush period: only close() writes it.
      expect((await service.close()).storeClosed).toBe(true);
      const store = await openConnectionStore({ databaseUrl, keyRing: parseKeyRing(keys) });
      try {
        const leased = await store.leaseFlagged({ owner: 'test', limit: 10, leaseMs: 60_000 });
        expect(leased.map((l) => l.connection.workspaceId)).toEqual(['ws-1']);
      } finally {
        await store.close();
      }
    } finally {
      await idp.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
