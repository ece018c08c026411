import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';

import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { runInstall } from '../testing/install-driver.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

const ADMIN_TOKEN = 'admin-token-0123456789abcdefghijklmnop';

describe('probes, admin API and hardening', () => {
  let sandbox: Sandbox;
  let service: CallbackHarness;
  let clock = 1_800_000_000_000;

  // A fresh sandbox and service per test: the rate limiter, the store and the metrics start clean,
  // so no test sees another's 429s, closed store or counts.
  beforeEach(async () => {
    clock = 1_800_000_000_000;
    sandbox = await startSandbox({ rateLimit: false });
    service = await startCallbackHarness({
      sandbox,
      now: () => clock,
      env: {
        ADMIN_TOKEN,
        RATE_LIMIT_MAX: '3',
        RATE_LIMIT_WINDOW_MS: '60000',
        TRUST_PROXY: 'loopback',
      },
    });
  });
  afterEach(async () => {
    await service?.close();
    await sandbox?.close();
  });

  const admin = (path: string, init: RequestInit = {}, token = ADMIN_TOKEN) =>
    fetch(`${service.url}/admin${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}` },
    });

  it('when /healthz and /readyz are asked, then both answer 200 with the store driver', async () => {
    expect(await (await fetch(`${service.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', store: 'sqlite' });
  });

  it('when any page is served, then helmet headers are set and x-powered-by is not', async () => {
    const res = await fetch(`${service.url}/healthz`);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    // The harness's PUBLIC_BASE_URL is http: no HSTS (security-headers.spec.ts covers https).
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('when the caller sends a safe X-Request-Id, then it is echoed; an unsafe one is replaced', async () => {
    const kept = await fetch(`${service.url}/healthz`, {
      headers: { 'x-request-id': 'req-abc-12345' },
    });
    expect(kept.headers.get('x-request-id')).toBe('req-abc-12345');
    const replaced = await fetch(`${service.url}/healthz`, {
      headers: { 'x-request-id': 'bad id\twith spaces' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when a page does not exist, then 404 NOT_FOUND as JSON or HTML', async () => {
    const res = await fetch(`${service.url}/nope`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('when the URL is longer than 4096 characters, then 414 URI_TOO_LONG', async () => {
    const res = await fetch(`${service.url}/oauth/callback?state=${'a'.repeat(5000)}`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(414);
  });

  it('when a body larger than 16 KiB is sent, then 413 PAYLOAD_TOO_LARGE', async () => {
    // Under /admin the same limit answers ADMIN_PAYLOAD_TOO_LARGE (admin-api-errors.spec.ts).
    const res = await fetch(`${service.url}/oauth/callback`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: 'x'.repeat(20_000),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('when the admin token is missing or wrong, then 401 ADMIN_UNAUTHORIZED with WWW-Authenticate', async () => {
    const none = await fetch(`${service.url}/admin/connections`, {
      headers: { accept: 'application/json' },
    });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="oauth-callback-admin"');
    const wrong = await admin('/connections', {}, `${ADMIN_TOKEN}x`);
    expect(wrong.status).toBe(401);
  });

  it('when an operator lists, reads and deletes a connection, then the admin API does it without tokens', async () => {
    const installed = await runInstall(service.url, { accept: 'application/json' });
    expect(installed.result.status).toBe(200);
    const id = sandbox.fixtures.workspaces[0]?.id ?? '';
    const list = await admin('/connections?limit=10');
    const listBody = (await list.json()) as {
      data: Record<string, unknown>[];
      nextAfter: string | null;
    };
    expect(list.status).toBe(200);
    expect(listBody.nextAfter).toBeNull();
    expect(listBody.data.map((c) => c['workspaceId'])).toEqual([id]);
    expect(listBody.data[0]).toMatchObject({
      workspaceName: 'Acme Sandbox',
      health: { status: 'unknown' },
    });
    expect(JSON.stringify(listBody)).not.toContain((await service.store.getToken(id)) ?? 'missing');
    expect((await admin(`/connections/${id}`)).status).toBe(200);
    const deleted = await admin(`/connections/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(((await deleted.json()) as { data: unknown }).data).toMatchObject({
      deleted: true,
      revoke: { outcome: 'revoked' },
    });
    // Soft-deleted: out of the count, kept for DELETED_RETENTION_DAYS; purge=true removes it now.
    expect(await service.store.countConnections()).toBe(0);
    expect((await admin(`/connections/${id}?purge=true`, { method: 'DELETE' })).status).toBe(200);
    expect((await admin(`/connections/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('when connections span pages, then the admin list pages by workspace id with nextAfter', async () => {
    for (const w of sandbox.fixtures.workspaces) {
      expect(
        (await runInstall(service.url, { workspaceId: w.id, accept: 'application/json' })).result
          .status,
      ).toBe(200);
    }
    const ids = sandbox.fixtures.workspaces.map((w) => w.id).sort();
    const first = (await (await admin('/connections?limit=1')).json()) as {
      data: { workspaceId: string }[];
      nextAfter: string;
    };
    expect(first.data.map((c) => c.workspaceId)).toEqual([ids[0]]);
    expect(first.nextAfter).toBe(ids[0]);
    const second = (await (
      await admin(`/connections?limit=1&after=${first.nextAfter}`)
    ).json()) as {
      data: { workspaceId: string }[];
    };
    expect(second.data.map((c) => c.workspaceId)).toEqual([ids[1]]);
    for (const id of ids)
      expect((await admin(`/connections/${id}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('when the admin list gets an out-of-range limit, then 400 ADMIN_QUERY_INVALID', async () => {
    const res = await admin('/connections?limit=0');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'ADMIN_QUERY_INVALID',
    );
  });

  const hit = (ip: string) =>
    fetch(`${service.url}/install`, {
      redirect: 'manual',
      headers: { 'x-forwarded-for': ip, accept: 'application/json' },
    });

  it('when one client exceeds RATE_LIMIT_MAX on /install, then 429 RATE_LIMITED with Retry-After; others are unaffected', async () => {
    expect([
      (await hit('203.0.113.7')).status,
      (await hit('203.0.113.7')).status,
      (await hit('203.0.113.7')).status,
    ]).toEqual([302, 302, 302]);
    const limited = await hit('203.0.113.7');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect((await hit('198.51.100.9')).status).toBe(302);
    clock += 60_000;
    expect((await hit('203.0.113.7')).status).toBe(302);
  });

  it('when /metrics is scraped, then it exposes HTTP counts by route template', async () => {
    expect((await fetch(`${service.url}/nope`)).status).toBe(404);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await hit('203.0.113.7')).status);
    expect(statuses).toEqual([302, 302, 302, 429]);
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toContain(
      'oauth_callback_http_requests_total{method="GET",route="/install",status="429"} 1',
    );
    expect(text).toContain(
      'oauth_callback_http_requests_total{method="GET",route="unmatched",status="404"} 1',
    );
  });

  it('when the store is closed, then /readyz answers 503 while /healthz stays 200', async () => {
    await service.store.close();
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'unavailable',
      store: 'sqlite',
      reason: 'connection store unreachable',
    });
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });

  it('when the store is down, then /install and /oauth/callback answer 503 INSTALL_STORE_UNAVAILABLE', async () => {
    await service.store.close();
    const json = { accept: 'application/json' };
    const install = await fetch(`${service.url}/install`, { redirect: 'manual', headers: json });
    expect(install.status).toBe(503);
    expect(((await install.json()) as { error: { code: string } }).error.code).toBe(
      'INSTALL_STORE_UNAVAILABLE',
    );
    const callback = await fetch(`${service.url}/oauth/callback?state=s&code=c`, { headers: json });
    expect(callback.status).toBe(503);
    expect(((await callback.json()) as { error: { code: string } }).error.code).toBe(
      'INSTALL_STORE_UNAVAILABLE',
    );
  });
});

describe('admin API without ADMIN_TOKEN', () => {
  it('when ADMIN_TOKEN is unset, then admin calls answer 503 ADMIN_DISABLED', async () => {
    const sandbox = await startSandbox({ rateLimit: false });
    const service = await startCallbackHarness({ sandbox });
    try {
      const res = await fetch(`${service.url}/admin/connections`, {
        headers: { authorization: 'Bearer anything-at-all', accept: 'application/json' },
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ADMIN_DISABLED');
    } finally {
      await service.close();
      await sandbox.close();
    }
  });
});
