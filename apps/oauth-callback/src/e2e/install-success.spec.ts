import { createWorkspaceClient } from '@attio-auth/attio-core';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { approve } from '@attio-auth/attio-sandbox/testing';

import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { CookieJar } from '../testing/cookie-jar.js';
import { beginInstall, followCallback, runInstall } from '../testing/install-driver.js';
import { storeDrivers } from '../testing/test-databases.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

for (const target of storeDrivers()) {
  const suite = target.mode === 'skip' ? describe.skip : describe;
  suite(`successful installs ${target.title}`, () => {
    if (target.mode === 'fail') {
      it('when PostgreSQL is required, then it must be reachable', () => {
        throw new Error(`${target.title}: start PostgreSQL or set TEST_DATABASE_URL`);
      });
      return;
    }
    let sandbox: Sandbox;
    let service: CallbackHarness;

    // A fresh sandbox and service per test: each test makes the installs it reads, in any order.
    beforeEach(async () => {
      sandbox = await startSandbox({ rateLimit: false });
      service = await startCallbackHarness({ sandbox, driver: target.driver });
    });
    afterEach(async () => {
      await service?.close();
      await sandbox?.close();
    });

    it('when the user approves, then the success page names the workspace and the connection is stored', async () => {
      const [primary] = sandbox.fixtures.workspaces;
      const { result, jar } = await runInstall(service.url);
      expect(result.status).toBe(200);
      expect(result.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(result.body).toContain(
        '<h1>Connected to <span id="workspace-name">Acme Sandbox</span></h1>',
      );
      expect(result.body).toContain(`<code id="workspace-id">${primary?.id}</code>`);
      expect(jar.names().filter((n) => n.startsWith('attio_install'))).toEqual([]);

      const stored = await service.store.getConnection(primary?.id ?? '');
      expect(stored).toMatchObject({
        workspaceId: primary?.id,
        workspaceName: 'Acme Sandbox',
        workspaceSlug: 'acme-sandbox',
        tokenLevel: 'workspace',
        scopes: sandbox.fixtures.oauthApp.scopes,
        health: { status: 'unknown' },
      });
      const token = await service.store.getToken(primary?.id ?? '');
      const self = await fetch(`${sandbox.urls.api}/v2/self`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await self.json()).toMatchObject({ active: true, workspace_id: primary?.id });
    });

    it('when a connection is stored, then team code gets a client for it from the store by workspace id', async () => {
      const [primary] = sandbox.fixtures.workspaces;
      await service.store.saveConnection({
        workspaceId: primary?.id ?? '',
        scopes: [],
        token: sandbox.fixtures.tokens.full,
      });
      const client = await createWorkspaceClient({
        workspaceId: primary?.id ?? '',
        getToken: (id) => service.store.getToken(id),
        baseUrl: sandbox.urls.api,
        retry: false,
      });
      const self = await client.self();
      expect(self.active && self.workspaceId).toBe(primary?.id);
      await expect(
        createWorkspaceClient({
          workspaceId: 'ws-never-installed',
          getToken: (id) => service.store.getToken(id),
          baseUrl: sandbox.urls.api,
        }),
      ).rejects.toMatchObject({ code: 'ATTIO_TOKEN_INACTIVE' });
    });

    it('when the same workspace installs again, then its token is replaced and installedAt is kept', async () => {
      const [primary] = sandbox.fixtures.workspaces;
      const id = primary?.id ?? '';
      expect((await runInstall(service.url)).result.status).toBe(200);
      const before = await service.store.getConnection(id);
      const oldToken = await service.store.getToken(id);
      const { result } = await runInstall(service.url, { accept: 'application/json' });
      expect(result.status).toBe(200);
      expect(JSON.parse(result.body)).toEqual({
        status: 'installed',
        workspace: { id, name: 'Acme Sandbox', slug: 'acme-sandbox' },
        scopes: sandbox.fixtures.oauthApp.scopes,
        tokenLevel: 'workspace',
        reinstall: true,
      });
      const after = await service.store.getConnection(id);
      expect(after?.installedAt).toEqual(before?.installedAt);
      const newToken = await service.store.getToken(id);
      expect(newToken).not.toBe(oldToken);
      expect(await service.store.countConnections()).toBe(1);
    });

    it('when several workspaces install at once, then each gets its own connection', async () => {
      const extra = Array.from({ length: 6 }, (_, i) =>
        sandbox.admin.createWorkspace({
          name: `Parallel ${target.driver} ${i}`,
          slug: `parallel-${target.driver}-${i}`,
        }),
      );
      const results = await Promise.all(
        extra.map((w) =>
          runInstall(service.url, { workspaceId: w.id, accept: 'application/json' }),
        ),
      );
      expect(results.map((r) => r.result.status)).toEqual(extra.map(() => 200));
      expect(
        results.map(
          (r) => (JSON.parse(r.result.body) as { workspace: { id: string } }).workspace.id,
        ),
      ).toEqual(extra.map((w) => w.id));
      for (const w of extra)
        expect((await service.store.getConnection(w.id))?.workspaceName).toBe(w.name);
      const tokens = await Promise.all(extra.map((w) => service.store.getToken(w.id)));
      expect(new Set(tokens).size).toBe(6);
    });

    it('when a workspace name contains markup, then the page shows it escaped', async () => {
      const w = sandbox.admin.createWorkspace({
        name: '<img src=x onerror=alert(1)>',
        slug: `xss-${target.driver}`,
      });
      const { result } = await runInstall(service.url, { workspaceId: w.id });
      expect(result.status).toBe(200);
      expect(result.body).toContain(
        'Connected to <span id="workspace-name">&lt;img src=x onerror=alert(1)&gt;</span>',
      );
      expect(result.body).not.toContain('<img');
    });

    it('when installs have run, then no log line holds a code, state, cookie or token', async () => {
      // A first install, then a reinstall whose code, state and token the logs must not hold.
      expect((await runInstall(service.url)).result.status).toBe(200);
      const jar = new CookieJar();
      const { callbackUrl } = await runInstall(service.url, { jar });
      const q = new URL(callbackUrl).searchParams;
      const secrets = [
        q.get('code'),
        q.get('state'),
        await service.store.getToken(sandbox.fixtures.workspaces[0]?.id ?? ''),
      ];
      const text = service.logs.join('\n');
      for (const secret of secrets) {
        expect(secret).toBeTruthy();
        expect(text).not.toContain(secret as string);
      }
      expect(text).not.toMatch(/attio_install_[A-Za-z0-9_-]{16}=/);
      expect(text).not.toContain(sandbox.fixtures.oauthApp.clientSecret);
      expect(
        service.logs.some((l) => (JSON.parse(l) as { outcome?: string }).outcome === 'reinstalled'),
      ).toBe(true);
    });

    it('when installs have run, then /metrics counts them by outcome', async () => {
      // Eight first installs (the primary workspace and seven more), then two reinstalls.
      const [primary] = sandbox.fixtures.workspaces;
      const extra = Array.from({ length: 7 }, (_, i) =>
        sandbox.admin.createWorkspace({
          name: `Metrics ${target.driver} ${i}`,
          slug: `metrics-${target.driver}-${i}`,
        }),
      );
      const primaryId = primary?.id ?? '';
      const installs = [primaryId, ...extra.map((w) => w.id), primaryId, primaryId];
      for (const workspaceId of installs) {
        const { result } = await runInstall(service.url, {
          workspaceId,
          accept: 'application/json',
        });
        expect(result.status).toBe(200);
      }
      const res = await fetch(`${service.url}/metrics`);
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).toMatch(/oauth_callback_installs_total\{outcome="installed"\} 8/);
      expect(text).toMatch(/oauth_callback_installs_total\{outcome="reinstalled"\} 2/);
      expect(text).toMatch(/oauth_callback_install_duration_seconds_count\{result="success"\} 10/);
      expect(text).toMatch(/oauth_callback_installs_started_total 10/);
    });
  });
}

describe('post-install redirect', () => {
  let sandbox: Sandbox;
  let service: CallbackHarness;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    service = await startCallbackHarness({
      sandbox,
      env: { POST_INSTALL_URL: 'https://app.example.com/welcome?from=attio' },
    });
  });
  afterAll(async () => {
    await service?.close();
    await sandbox?.close();
  });

  it('when POST_INSTALL_URL is configured, then success redirects there with the workspace id (303)', async () => {
    const { result } = await runInstall(service.url);
    expect(result.status).toBe(303);
    expect(result.headers.get('location')).toBe(
      `https://app.example.com/welcome?from=attio&workspace_id=${sandbox.fixtures.workspaces[0]?.id}`,
    );
  });

  it('when the callback carries redirect-like parameters, then they are ignored (no open redirect)', async () => {
    const jar = new CookieJar();
    const callback = new URL(await approve(await beginInstall(service.url, jar)));
    for (const name of ['next', 'return_to', 'redirect', 'redirect_uri', 'post_install_url']) {
      callback.searchParams.set(name, 'https://evil.example/steal');
    }
    const result = await followCallback(callback.toString(), jar);
    expect(result.status).toBe(303);
    expect(result.headers.get('location')).toBe(
      `https://app.example.com/welcome?from=attio&workspace_id=${sandbox.fixtures.workspaces[0]?.id}`,
    );
  });
});
