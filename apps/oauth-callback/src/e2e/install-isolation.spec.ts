import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { approve } from '@attio-auth/attio-sandbox/testing';

import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { CookieJar } from '../testing/cookie-jar.js';
import { beginInstall, followCallback } from '../testing/install-driver.js';
import { storeDrivers } from '../testing/test-databases.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(60_000);

const codeOf = (body: string) => (JSON.parse(body) as { error?: { code: string } }).error?.code;
const json = { accept: 'application/json' };

for (const target of storeDrivers()) {
  const suite = target.mode === 'skip' ? describe.skip : describe;
  suite(`installs in one browser ${target.title}`, () => {
    if (target.mode === 'fail') {
      it('when PostgreSQL is required, then it must be reachable', () => {
        throw new Error(`${target.title}: start PostgreSQL or set TEST_DATABASE_URL`);
      });
      return;
    }
    let sandbox: Sandbox;
    let service: CallbackHarness;

    beforeEach(async () => {
      sandbox = await startSandbox({ rateLimit: false });
      service = await startCallbackHarness({ sandbox, driver: target.driver });
    });
    afterEach(async () => {
      await service?.close();
      await sandbox?.close();
    });

    /** Starts two installs in `jar` (A then B), each approved for its own workspace. */
    async function twoApprovedInstalls(jar: CookieJar) {
      const [first, second] = sandbox.fixtures.workspaces;
      const authorizeA = await beginInstall(service.url, jar);
      const authorizeB = await beginInstall(service.url, jar);
      return {
        a: {
          workspaceId: first?.id ?? '',
          callback: await approve(authorizeA, { workspaceId: first?.id ?? '' }),
        },
        b: {
          workspaceId: second?.id ?? '',
          callback: await approve(authorizeB, { workspaceId: second?.id ?? '' }),
        },
      };
    }

    for (const order of ['newer first', 'older first'] as const) {
      it(`when two installs start in one browser and complete ${order}, then both succeed and are stored`, async () => {
        const jar = new CookieJar();
        const { a, b } = await twoApprovedInstalls(jar);
        const sequence = order === 'newer first' ? [b, a] : [a, b];
        const results = [];
        for (const install of sequence) {
          const res = await followCallback(install.callback, jar, json);
          results.push(`${res.status} ${codeOf(res.body) ?? 'ok'}`);
        }
        expect(results).toEqual(['200 ok', '200 ok']);
        expect((await service.store.getConnection(a.workspaceId))?.workspaceId).toBe(a.workspaceId);
        expect((await service.store.getConnection(b.workspaceId))?.workspaceId).toBe(b.workspaceId);
        expect(jar.names().filter((n) => n.startsWith('attio_install'))).toEqual([]);
      });
    }

    it('when a browser starts 20 installs, then every one completes, oldest first', async () => {
      const jar = new CookieJar();
      const callbacks: string[] = [];
      for (let i = 0; i < 20; i++)
        callbacks.push(await approve(await beginInstall(service.url, jar)));
      expect(jar.names().filter((n) => n.startsWith('attio_install'))).toHaveLength(20);
      const statuses: number[] = [];
      for (const callback of callbacks)
        statuses.push((await followCallback(callback, jar, json)).status);
      expect(statuses).toEqual(Array.from({ length: 20 }, () => 200));
    });

    it('when a cross-site link hits the callback with a junk state, then the install in progress still completes', async () => {
      const jar = new CookieJar();
      const callback = await approve(await beginInstall(service.url, jar));
      const junk = await followCallback(
        `${service.url}/oauth/callback?state=junk-from-another-site&code=x`,
        jar,
        json,
      );
      expect(junk.status).toBe(400);
      expect(codeOf(junk.body)).toBe('INSTALL_STATE_UNKNOWN');
      expect(junk.headers.getSetCookie()).toEqual([]);
      const res = await followCallback(callback, jar, json);
      expect(res.status).toBe(200);
      expect(await service.store.countConnections()).toBe(1);
    });

    it("when another install's callback fails, then it clears only its own cookie", async () => {
      const jar = new CookieJar();
      const { a, b } = await twoApprovedInstalls(jar);
      const denied = new URL(b.callback);
      denied.searchParams.delete('code');
      denied.searchParams.set('error', 'access_denied');
      const failed = await followCallback(denied.toString(), jar, json);
      expect(codeOf(failed.body)).toBe('ATTIO_OAUTH_ACCESS_DENIED');
      expect(failed.headers.getSetCookie()).toHaveLength(1);
      const res = await followCallback(a.callback, jar, json);
      expect(res.status).toBe(200);
      expect(await service.store.countConnections()).toBe(1);
    });
  });
}
