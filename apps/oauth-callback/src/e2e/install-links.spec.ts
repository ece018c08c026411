import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { openConsent, submitConsent } from '@attio-auth/attio-sandbox/testing';

import { NO_CONTEXT_SUFFIX } from '../install/install-context.js';
import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { CookieJar } from '../testing/cookie-jar.js';
import { followCallback, runInstall, type HttpResult } from '../testing/install-driver.js';
import { storeDrivers } from '../testing/test-databases.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

const ADMIN_TOKEN = 'install-links-admin-token-0123456789abcdef';
const APP = 'https://app.example.com';

/** Captures every access token the sandbox's token endpoint hands out (to ask /v2/self about it). */
function capturingFetch(issued: string[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (String(input).endsWith('/oauth/token') && res.ok) {
      issued.push(((await res.clone().json()) as { access_token: string }).access_token);
    }
    return res;
  };
}

for (const target of storeDrivers()) {
  const suite = target.mode === 'skip' ? describe.skip : describe;
  suite(`install links ${target.title}`, () => {
    if (target.mode === 'fail') {
      it('when PostgreSQL is required, then it must be reachable', () => {
        throw new Error(`${target.title}: start PostgreSQL or set TEST_DATABASE_URL`);
      });
      return;
    }
    let sandbox: Sandbox;
    let service: CallbackHarness;
    let clock: number;
    let issued: string[];

    async function start(env: Record<string, string> = {}): Promise<void> {
      await service?.close();
      service = await startCallbackHarness({
        sandbox,
        driver: target.driver,
        now: () => clock,
        fetch: capturingFetch(issued),
        env: {
          ADMIN_TOKEN,
          INSTALL_RETURN_TO_ALLOWLIST: `${APP}/settings/, https://other.example.com`,
          APP_NAME: 'Acme <Sync>',
          SUPPORT_URL: 'https://help.example.com/attio',
          ...env,
        },
      });
    }

    beforeEach(async () => {
      clock = Date.now();
      issued = [];
      sandbox = await startSandbox({ rateLimit: false });
      await start();
    });
    afterEach(async () => {
      await service?.close();
      await sandbox?.close();
    });

    const mintLink = (body: unknown, contentType = 'application/json') =>
      fetch(`${service.url.replace(/\/+$/, '')}/admin/install-sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });

    async function link(body: unknown): Promise<{ url: string; expiresAt: string }> {
      const res = await mintLink(body);
      expect(res.status).toBe(201);
      return (await res.json()) as { url: string; expiresAt: string };
    }

    /** Opens an install link as a browser and goes through consent; answers the callback. */
    async function installVia(
      url: string,
      options: { workspaceId?: string; accept?: string } = {},
    ): Promise<HttpResult> {
      const jar = new CookieJar();
      const opened = await fetch(url, { redirect: 'manual' });
      jar.store(opened.headers.getSetCookie());
      expect(opened.status).toBe(302);
      const form = await openConsent(opened.headers.get('location') ?? '');
      const callbackUrl = await submitConsent(form, {
        decision: 'approve',
        ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}),
      });
      return followCallback(callbackUrl, jar, options.accept ? { accept: options.accept } : {});
    }

    const selfOf = async (token: string) =>
      (await (
        await fetch(`${sandbox.urls.api}/v2/self`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { active: boolean };

    it('when an owner-tagged link is used, then the install stores the owner and the link is single use', async () => {
      const [primary] = sandbox.fixtures.workspaces;
      const minted = await link({
        owner: { displayName: 'Growth team', tags: { team: 'growth', customer_id: 'c-42' } },
      });
      expect(minted.url).toMatch(new RegExp(`^${service.url}/install/s/[A-Za-z0-9_-]{43}$`));
      expect(Date.parse(minted.expiresAt) - clock).toBe(24 * 3600 * 1000);

      const result = await installVia(minted.url);
      expect(result.status).toBe(200);
      expect(result.body).toContain('<strong id="installed-app">Acme &lt;Sync&gt;</strong>');
      const stored = await service.store.getConnection(primary?.id ?? '');
      expect(stored?.owner).toEqual({
        displayName: 'Growth team',
        tags: { customer_id: 'c-42', team: 'growth' },
      });

      const again = await fetch(minted.url, {
        redirect: 'manual',
        headers: { accept: 'application/json' },
      });
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
        'INSTALL_LINK_USED',
      );
    });

    it('when a link is opened after its expiry, then 410 INSTALL_LINK_EXPIRED and no install starts', async () => {
      const minted = await link({ expiresInSeconds: 60 });
      clock += 61_000;
      const res = await fetch(minted.url, { redirect: 'manual' });
      expect(res.status).toBe(410);
      expect(res.headers.get('set-cookie')).toBeNull();
      const page = await res.text();
      expect(page).toContain('<code id="error-code">INSTALL_LINK_EXPIRED</code>');
      expect(page).toContain('href="https://help.example.com/attio"');
      expect(page).toContain('<title>This install link has expired · Acme &lt;Sync&gt;</title>');
    });

    it('when a link id was never issued, then 404 INSTALL_LINK_UNKNOWN, and HEAD answers 405', async () => {
      const made = `${service.url}/install/s/${'A'.repeat(43)}`;
      const res = await fetch(made, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'INSTALL_LINK_UNKNOWN',
      );
      const minted = await link({});
      const head = await fetch(minted.url, { method: 'HEAD' });
      expect(head.status).toBe(405);
      expect(head.headers.get('allow')).toBe('GET');
      // The preview burned nothing: the link still starts an install.
      expect((await installVia(minted.url)).status).toBe(200);
    });

    it('when the link has an allowed returnTo, then a successful install answers 303 there', async () => {
      const [primary] = sandbox.fixtures.workspaces;
      const minted = await link({ returnTo: `${APP}/settings/attio?tab=1` });
      const result = await installVia(minted.url);
      expect(result.status).toBe(303);
      const location = new URL(result.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(`${APP}/settings/attio`);
      expect(location.searchParams.get('tab')).toBe('1');
      expect(location.searchParams.get('workspace_id')).toBe(primary?.id);
    });

    it.each([
      ['another origin', 'https://evil.example.com/settings/'],
      ['a look-alike host', 'https://app.example.com.evil.test/settings/'],
      ['a path outside the prefix', `${APP}/admin`],
      ['a relative URL', '/settings/'],
    ])('when returnTo is %s, then 400 ADMIN_RETURN_TO_NOT_ALLOWED', async (_label, returnTo) => {
      const res = await mintLink({ returnTo });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'ADMIN_RETURN_TO_NOT_ALLOWED',
      );
    });

    it('when the owner is invalid, then 400 ADMIN_OWNER_INVALID naming the tag key', async () => {
      const res = await mintLink({ owner: { tags: { 'Bad Key': 'x' } } });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('ADMIN_OWNER_INVALID');
      expect(body.error.message).toContain('Bad Key');
    });

    it.each([
      ['a lifetime over 7 days', { expiresInSeconds: 7 * 24 * 3600 + 1 }],
      ['an unknown field', { owner: {}, tags: { team: 'x' } }],
      ['malformed JSON', '{"owner":'],
    ])('when the body has %s, then 400 ADMIN_BODY_INVALID', async (_label, body) => {
      const res = await mintLink(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'ADMIN_BODY_INVALID',
      );
    });

    it('when the body is not JSON or the token is missing, then it is refused', async () => {
      const form = await mintLink('owner=x', 'application/x-www-form-urlencoded');
      expect(form.status).toBe(400);
      const anonymous = await fetch(`${service.url}/admin/install-sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(anonymous.status).toBe(401);
    });

    it('when a reconnect link is for a workspace not stored, then 404 ADMIN_CONNECTION_NOT_FOUND', async () => {
      const res = await mintLink({ reconnect: 'ws_nope' });
      expect(res.status).toBe(404);
    });

    it('when a reconnect comes back with the same workspace, then the connection gets a new token and the owner', async () => {
      const [primary] = sandbox.fixtures.workspaces;
      expect((await runInstall(service.url)).result.status).toBe(200);
      const before = await service.store.getToken(primary?.id ?? '');
      const minted = await link({ reconnect: primary?.id, owner: { tags: { team: 'ops' } } });
      const result = await installVia(minted.url, { workspaceId: primary?.id ?? '' });
      expect(result.status).toBe(200);
      const after = await service.store.getConnection(primary?.id ?? '');
      expect(after?.owner.tags).toEqual({ team: 'ops' });
      expect(await service.store.getToken(primary?.id ?? '')).not.toBe(before);
      // The install session's kind reaches the store: its event is a reconnect, not a re-install.
      const events = await service.store.listEvents({ workspaceId: primary?.id ?? '' });
      expect(events.map((e) => e.type)).toEqual(['connection.reconnected', 'connection.created']);
    });

    it('when a reconnect comes back with another workspace, then 403 INSTALL_WORKSPACE_MISMATCH, nothing changes and the new token is revoked', async () => {
      const [primary, other] = sandbox.fixtures.workspaces;
      expect((await runInstall(service.url)).result.status).toBe(200);
      const tokenBefore = await service.store.getToken(primary?.id ?? '');
      const connectionBefore = await service.store.getConnection(primary?.id ?? '');
      const minted = await link({ reconnect: primary?.id, owner: { tags: { team: 'ops' } } });

      const result = await installVia(minted.url, {
        workspaceId: other?.id ?? '',
        accept: 'application/json',
      });
      expect(result.status).toBe(403);
      expect((JSON.parse(result.body) as { error: { code: string } }).error.code).toBe(
        'INSTALL_WORKSPACE_MISMATCH',
      );
      expect(await service.store.getConnection(other?.id ?? '')).toBeUndefined();
      expect(await service.store.getConnection(primary?.id ?? '')).toEqual(connectionBefore);
      expect(await service.store.getToken(primary?.id ?? '')).toBe(tokenBefore);

      const refused = issued.at(-1) ?? '';
      // The fixture holds one token revoked by the sandbox's admin; only the endpoint's count here.
      expect(sandbox.admin.revokedTokens().filter((r) => r.via === 'endpoint')).toEqual([
        expect.objectContaining({ tokenId: sandbox.admin.tokenId(refused), via: 'endpoint' }),
      ]);
      expect(await selfOf(refused)).toMatchObject({ active: false });
      expect(await selfOf(tokenBefore ?? '')).toMatchObject({ active: true });
      const metrics = await service.metrics.registry.metrics();
      expect(metrics).toContain(
        'oauth_callback_refused_token_revocations_total{outcome="revoked"} 1',
      );
      expect(service.logs.join('\n')).not.toContain(refused);
    });

    it('when the state of a reconnect link comes back marked as an anonymous install, then 400 INSTALL_STATE_UNKNOWN and nothing is saved', async () => {
      const [primary, other] = sandbox.fixtures.workspaces;
      expect((await runInstall(service.url)).result.status).toBe(200);
      const connectionBefore = await service.store.getConnection(primary?.id ?? '');
      const minted = await link({ reconnect: primary?.id });
      const jar = new CookieJar();
      const opened = await fetch(minted.url, { redirect: 'manual' });
      jar.store(opened.headers.getSetCookie());
      const form = await openConsent(opened.headers.get('location') ?? '');
      const back = new URL(
        await submitConsent(form, { decision: 'approve', workspaceId: other?.id ?? '' }),
      );
      // Marked, the callback would skip the reconnect's workspace check; the store never issued it.
      back.searchParams.set('state', `${back.searchParams.get('state') ?? ''}${NO_CONTEXT_SUFFIX}`);
      const result = await followCallback(back.toString(), jar, { accept: 'application/json' });
      expect(result.status).toBe(400);
      expect((JSON.parse(result.body) as { error: { code: string } }).error.code).toBe(
        'INSTALL_STATE_UNKNOWN',
      );
      expect(await service.store.getConnection(other?.id ?? '')).toBeUndefined();
      expect(await service.store.getConnection(primary?.id ?? '')).toEqual(connectionBefore);
    });

    it('when an install lacks required scopes, then the token Attio issued is revoked at once', async () => {
      await start({ ATTIO_REQUIRED_SCOPES: 'note:read-write' });
      sandbox.admin.setAppScopes(sandbox.fixtures.oauthApp.clientId, ['record_permission:read']);
      const { result } = await runInstall(service.url, { accept: 'application/json' });
      expect(result.status).toBe(403);
      const refused = issued.at(-1) ?? '';
      expect(await selfOf(refused)).toMatchObject({ active: false });
      expect(
        sandbox.admin
          .revokedTokens()
          .filter((r) => r.via === 'endpoint')
          .map((r) => r.tokenId),
      ).toEqual([sandbox.admin.tokenId(refused)]);
    });

    it('when revoking the refused token fails, then it is queued for the background pass', async () => {
      await start({ ATTIO_REQUIRED_SCOPES: 'note:read-write' });
      sandbox.admin.setAppScopes(sandbox.fixtures.oauthApp.clientId, ['record_permission:read']);
      sandbox.admin.setFaults([{ path: '/oauth/revoke', status: 503 }]);
      const { result } = await runInstall(service.url, { accept: 'application/json' });
      expect(result.status).toBe(403);
      const refused = issued.at(-1) ?? '';
      expect(await selfOf(refused)).toMatchObject({ active: true });
      const queued = await service.store.listRevocations({ state: 'pending' });
      expect(queued).toEqual([
        expect.objectContaining({
          workspaceId: sandbox.fixtures.workspaces[0]?.id,
          reason: 'install_refused',
        }),
      ]);
      // The queue holds the very token Attio issued: the background pass can revoke it.
      const [leased] = await service.store.leaseRevocations({
        owner: 't',
        limit: 1,
        leaseMs: 1000,
      });
      expect(leased?.openToken()).toBe(refused);
      const metrics = await service.metrics.registry.metrics();
      expect(metrics).toContain(
        'oauth_callback_refused_token_revocations_total{outcome="queued"} 1',
      );
      expect(service.logs.join('\n')).not.toContain(refused);
    });

    it('when ANONYMOUS_INSTALL=false, then / and /install answer 403 INSTALL_LINK_REQUIRED and links still install', async () => {
      await start({ ANONYMOUS_INSTALL: 'false' });
      for (const path of ['/', '/install']) {
        const res = await fetch(`${service.url}${path}`, { redirect: 'manual' });
        expect(res.status).toBe(403);
        const page = await res.text();
        expect(page).toContain('<code id="error-code">INSTALL_LINK_REQUIRED</code>');
        expect(page).not.toContain('Start the install again');
      }
      const minted = await link({});
      expect((await installVia(minted.url)).status).toBe(200);
    });

    it('when anonymous installs are on, then / is a landing page with the app name and an Install with Attio link', async () => {
      const res = await fetch(`${service.url}/`);
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain('<span id="app-name">Acme &lt;Sync&gt;</span>');
      expect(page).toContain(
        `<a class="button" id="install-button" href="/install">Install with Attio</a>`,
      );
    });
  });
}
