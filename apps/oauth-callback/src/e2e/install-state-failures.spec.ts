import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { approve } from '@attio-auth/attio-sandbox/testing';

import { SERVICE_FAILURES } from '../failures/service-failure-codes.js';
import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { CookieJar } from '../testing/cookie-jar.js';
import { beginInstall, followCallback, runInstall } from '../testing/install-driver.js';
import { storeDrivers } from '../testing/test-databases.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

for (const target of storeDrivers()) {
  const suite = target.mode === 'skip' ? describe.skip : describe;
  suite(`state failures ${target.title}`, () => {
    if (target.mode === 'fail') {
      it('when PostgreSQL is required, then it must be reachable', () => {
        throw new Error(`${target.title}: start PostgreSQL or set TEST_DATABASE_URL`);
      });
      return;
    }
    let sandbox: Sandbox;
    let service: CallbackHarness;
    let clock = Date.now();

    // A fresh sandbox and service per test: each test starts from an empty store and the real time.
    beforeEach(async () => {
      clock = Date.now();
      sandbox = await startSandbox({ rateLimit: false });
      service = await startCallbackHarness({ sandbox, driver: target.driver, now: () => clock });
    });
    afterEach(async () => {
      await service?.close();
      await sandbox?.close();
    });

    /** /install and consent as a browser with `jar`; returns the callback URL not yet followed. */
    async function approvedCallback(jar: CookieJar): Promise<string> {
      return approve(await beginInstall(service.url, jar));
    }

    async function callbackJson(query: string, jar = new CookieJar()) {
      const res = await followCallback(`${service.url}/oauth/callback${query}`, jar, {
        accept: 'application/json',
      });
      return {
        status: res.status,
        body: JSON.parse(res.body) as { error: Record<string, unknown> },
        res,
      };
    }

    it('when the state is missing, then 400 INSTALL_STATE_MISSING with its remedy page', async () => {
      const res = await followCallback(`${service.url}/oauth/callback?code=abc`, new CookieJar());
      expect(res.status).toBe(400);
      expect(res.body).toContain('<code id="error-code">INSTALL_STATE_MISSING</code>');
      expect(res.body).toContain(`<h1>${SERVICE_FAILURES.INSTALL_STATE_MISSING.title}</h1>`);
      expect(res.body).toContain(
        SERVICE_FAILURES.INSTALL_STATE_MISSING.cause.replace(/"/g, '&quot;'),
      );
      expect(res.headers.get('cache-control')).toBe('no-store');
    });

    it('when the state is unknown, then 400 INSTALL_STATE_UNKNOWN as JSON with the request id', async () => {
      const { status, body, res } = await callbackJson('?state=not-a-state-we-made&code=abc');
      expect(status).toBe(400);
      expect(body).toEqual({
        error: {
          code: 'INSTALL_STATE_UNKNOWN',
          title: SERVICE_FAILURES.INSTALL_STATE_UNKNOWN.title,
          cause: SERVICE_FAILURES.INSTALL_STATE_UNKNOWN.cause,
          action: SERVICE_FAILURES.INSTALL_STATE_UNKNOWN.action,
          requestId: res.headers.get('x-request-id'),
        },
      });
    });

    it('when more than STATE_TTL_SECONDS pass before the callback, then INSTALL_STATE_EXPIRED', async () => {
      const jar = new CookieJar();
      const callbackUrl = await approvedCallback(jar);
      clock += 601_000;
      const res = await followCallback(callbackUrl, jar, { accept: 'application/json' });
      clock = Date.now();
      expect(res.status).toBe(400);
      expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe(
        'INSTALL_STATE_EXPIRED',
      );
    });

    it('when an expired state was already purged, then the cookie still tells "expired" apart from "unknown"', async () => {
      const jar = new CookieJar();
      const callbackUrl = await approvedCallback(jar);
      clock += 601_000;
      expect(await service.store.purgeExpiredStates()).toBeGreaterThanOrEqual(1);
      const res = await followCallback(callbackUrl, jar, { accept: 'application/json' });
      clock = Date.now();
      expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe(
        'INSTALL_STATE_EXPIRED',
      );
    });

    /** Rewrites the expiry field of the jar's install cookie, keeping the rest as the service made it. */
    function forgeCookieExpiry(jar: CookieJar, expiresAtMs: number): void {
      const name = jar.names().find((n) => n.startsWith('attio_install')) ?? '';
      const [version, , ...rest] = (jar.get(name) ?? '').split('.');
      jar.set(name, [version, expiresAtMs.toString(36), ...rest].join('.'), '/');
    }

    async function callbackCode(callbackUrl: string, jar: CookieJar): Promise<string> {
      const res = await followCallback(callbackUrl, jar, { accept: 'application/json' });
      return (JSON.parse(res.body) as { error: { code: string } }).error.code;
    }

    it('when the cookie claims a far-future expiry but its hash is wrong, then INSTALL_STATE_COOKIE_MISMATCH', async () => {
      const jar = new CookieJar();
      const callbackUrl = await approvedCallback(jar);
      forgeCookieExpiry(jar, clock + 365 * 86_400_000);
      expect(await callbackCode(callbackUrl, jar)).toBe('INSTALL_STATE_COOKIE_MISMATCH');
      expect(await service.store.countConnections()).toBe(0);
    });

    it('when the store says expired and the cookie claims a far-future expiry, then still INSTALL_STATE_EXPIRED', async () => {
      const jar = new CookieJar();
      const callbackUrl = await approvedCallback(jar);
      forgeCookieExpiry(jar, clock + 365 * 86_400_000);
      clock += 601_000;
      expect(await callbackCode(callbackUrl, jar)).toBe('INSTALL_STATE_EXPIRED');
    });

    it('when a purged state comes back with a cookie whose expiry was forged, then INSTALL_STATE_UNKNOWN, not "expired"', async () => {
      const jar = new CookieJar();
      const callbackUrl = await approvedCallback(jar);
      clock += 601_000;
      expect(await service.store.purgeExpiredStates()).toBeGreaterThanOrEqual(1);
      // Any other past instant than the one the service wrote (start + 600 s).
      forgeCookieExpiry(jar, clock - 60_000);
      expect(await callbackCode(callbackUrl, jar)).toBe('INSTALL_STATE_UNKNOWN');
    });

    it('when a made-up state comes with a forged install cookie in the past, then INSTALL_STATE_UNKNOWN', async () => {
      const jar = new CookieJar();
      await approvedCallback(jar);
      forgeCookieExpiry(jar, clock - 1_000);
      expect(await callbackCode(`${service.url}/oauth/callback?state=made-up&code=x`, jar)).toBe(
        'INSTALL_STATE_UNKNOWN',
      );
    });

    it('when the browser has no install cookie, then INSTALL_STATE_COOKIE_MISMATCH and the state is burned', async () => {
      const callbackUrl = await approvedCallback(new CookieJar());
      const res = await followCallback(callbackUrl, new CookieJar(), {
        accept: 'application/json',
      });
      expect(res.status).toBe(400);
      expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe(
        'INSTALL_STATE_COOKIE_MISMATCH',
      );
      const again = await followCallback(callbackUrl, new CookieJar(), {
        accept: 'application/json',
      });
      expect((JSON.parse(again.body) as { error: { code: string } }).error.code).toBe(
        'INSTALL_STATE_REUSED',
      );
    });

    it("when the callback carries another browser's cookie, then INSTALL_STATE_COOKIE_MISMATCH", async () => {
      const victim = new CookieJar();
      const attacker = new CookieJar();
      const attackerCallback = await approvedCallback(attacker);
      await beginInstall(service.url, victim);
      const res = await followCallback(attackerCallback, victim);
      expect(res.status).toBe(400);
      expect(res.body).toContain('<code id="error-code">INSTALL_STATE_COOKIE_MISMATCH</code>');
    });

    it('when the state parameter is repeated, then 400 INSTALL_QUERY_INVALID', async () => {
      const { status, body } = await callbackJson('?state=a&state=b&code=c');
      expect(status).toBe(400);
      expect(body.error['code']).toBe('INSTALL_QUERY_INVALID');
    });

    it('when a valid state comes back with neither code nor error, then 400 INSTALL_CODE_MISSING', async () => {
      const jar = new CookieJar();
      const callback = new URL(await approvedCallback(jar));
      callback.searchParams.delete('code');
      const res = await followCallback(callback.toString(), jar, { accept: 'application/json' });
      expect(res.status).toBe(400);
      expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe(
        'INSTALL_CODE_MISSING',
      );
    });

    it('when Attio returns an unknown error with markup, then ATTIO_OAUTH_ERROR and nothing of it is reflected', async () => {
      const jar = new CookieJar();
      const callback = new URL(await approvedCallback(jar));
      callback.searchParams.delete('code');
      callback.searchParams.set('error', '<script>alert(1)</script>');
      callback.searchParams.set('error_description', '<img src=x onerror=alert(2)>');
      const res = await followCallback(callback.toString(), jar);
      expect(res.status).toBe(502);
      expect(res.body).toContain('<code id="error-code">ATTIO_OAUTH_ERROR</code>');
      expect(res.body).not.toContain('<script>alert');
      expect(res.body).not.toContain('<img src=x');
    });

    it('when every kind of failed callback has run, then nothing was stored', async () => {
      const codeOf = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;
      const json = { accept: 'application/json' };
      const failures: string[] = [];
      for (const query of [
        '?code=abc',
        '?state=not-a-state-we-made&code=abc',
        '?state=a&state=b&code=c',
      ]) {
        failures.push((await callbackJson(query)).body.error['code'] as string);
      }
      const expiredJar = new CookieJar();
      const expired = await approvedCallback(expiredJar);
      clock += 601_000;
      failures.push(codeOf((await followCallback(expired, expiredJar, json)).body));
      clock = Date.now();
      failures.push(
        codeOf(
          (await followCallback(await approvedCallback(new CookieJar()), new CookieJar(), json))
            .body,
        ),
      );
      const noCodeJar = new CookieJar();
      const noCode = new URL(await approvedCallback(noCodeJar));
      noCode.searchParams.delete('code');
      failures.push(codeOf((await followCallback(noCode.toString(), noCodeJar, json)).body));
      const deniedJar = new CookieJar();
      const denied = new URL(await approvedCallback(deniedJar));
      denied.searchParams.delete('code');
      denied.searchParams.set('error', 'something_unexpected');
      failures.push(codeOf((await followCallback(denied.toString(), deniedJar, json)).body));
      expect(failures).toEqual([
        'INSTALL_STATE_MISSING',
        'INSTALL_STATE_UNKNOWN',
        'INSTALL_QUERY_INVALID',
        'INSTALL_STATE_EXPIRED',
        'INSTALL_STATE_COOKIE_MISMATCH',
        'INSTALL_CODE_MISSING',
        'ATTIO_OAUTH_ERROR',
      ]);
      expect(await service.store.countConnections()).toBe(0);
    });

    it('when a successful callback URL is replayed, then 409 INSTALL_STATE_REUSED each time and nothing new is stored', async () => {
      const { result, callbackUrl, jar } = await runInstall(service.url);
      expect(result.status).toBe(200);
      const id = sandbox.fixtures.workspaces[0]?.id ?? '';
      const before = await service.store.getConnection(id);
      const token = await service.store.getToken(id);
      for (const replayJar of [jar, new CookieJar(), jar]) {
        const replay = await followCallback(callbackUrl, replayJar, { accept: 'application/json' });
        expect(replay.status).toBe(409);
        expect((JSON.parse(replay.body) as { error: { code: string } }).error.code).toBe(
          'INSTALL_STATE_REUSED',
        );
      }
      expect(await service.store.countConnections()).toBe(1);
      expect(await service.store.getConnection(id)).toEqual(before);
      expect(await service.store.getToken(id)).toBe(token);
    });
  });
}
