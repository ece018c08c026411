import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';

import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

const ADMIN_TOKEN = 'admin-token-0123456789abcdefghijklmnop';

interface AdminErrorBody {
  error: { code: string; message: string; requestId: string };
}

/** Asserts the admin error shape (JSON, whatever the Accept header) and returns the body. */
async function adminError(res: Response, status: number, code: string): Promise<AdminErrorBody> {
  expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
    status,
    type: 'application/json; charset=utf-8',
  });
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as AdminErrorBody;
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'requestId']);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  return body;
}

describe('admin API errors are JSON ADMIN_* errors', () => {
  let sandbox: Sandbox;
  let service: CallbackHarness;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    service = await startCallbackHarness({ sandbox, env: { ADMIN_TOKEN } });
  });
  afterAll(async () => {
    await service?.close();
    await sandbox?.close();
  });

  // No Accept header at all: a browser-less client must still get JSON, never the HTML install page.
  const admin = (path: string, init: RequestInit = {}, token: string | null = ADMIN_TOKEN) =>
    fetch(`${service.url}/admin${path}`, {
      ...init,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(init.headers as Record<string, string> | undefined),
      },
    });

  it('when the path has a malformed % encoding, then 400 ADMIN_PATH_INVALID as JSON', async () => {
    const body = await adminError(await admin('/connections/%E0%A4%A'), 400, 'ADMIN_PATH_INVALID');
    expect(body.error.message).toContain('percent-encoding');
  });

  it('when a DELETE path has a malformed % encoding, then 400 ADMIN_PATH_INVALID as JSON', async () => {
    await adminError(
      await admin('/connections/%E0%A4%A', { method: 'DELETE' }),
      400,
      'ADMIN_PATH_INVALID',
    );
  });

  it('when the admin route does not exist, then 404 ADMIN_NOT_FOUND as JSON', async () => {
    for (const path of ['/nope', '/connections/a/b', '', '/']) {
      await adminError(await admin(path), 404, 'ADMIN_NOT_FOUND');
    }
  });

  it('when the method is wrong, then 405 ADMIN_METHOD_NOT_ALLOWED with Allow', async () => {
    const list = await admin('/connections', { method: 'PUT' });
    expect(list.headers.get('allow')).toBe('GET, HEAD');
    await adminError(list, 405, 'ADMIN_METHOD_NOT_ALLOWED');
    const one = await admin('/connections/ws_1', { method: 'PATCH' });
    expect(one.headers.get('allow')).toBe('GET, HEAD, DELETE');
    await adminError(one, 405, 'ADMIN_METHOD_NOT_ALLOWED');
  });

  it('when a request carries a (malformed) JSON body, then 400 ADMIN_BODY_NOT_ACCEPTED: the admin API reads none', async () => {
    const post = await admin('/connections', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"workspaceId": ',
    });
    await adminError(post, 400, 'ADMIN_BODY_NOT_ACCEPTED');
    const del = await admin('/connections/ws_1', {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    await adminError(del, 400, 'ADMIN_BODY_NOT_ACCEPTED');
  });

  it('when the body is over the limit or the URL too long, then ADMIN_PAYLOAD_TOO_LARGE / ADMIN_URI_TOO_LONG', async () => {
    await adminError(
      await admin('/connections', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: 'x'.repeat(20_000),
      }),
      413,
      'ADMIN_PAYLOAD_TOO_LARGE',
    );
    await adminError(await admin(`/connections/${'a'.repeat(5000)}`), 414, 'ADMIN_URI_TOO_LONG');
  });

  it('when the token is missing, then 401 ADMIN_UNAUTHORIZED as JSON even without Accept', async () => {
    const res = await admin('/connections', {}, null);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="oauth-callback-admin"');
    await adminError(res, 401, 'ADMIN_UNAUTHORIZED');
    // Unauthenticated callers learn nothing about which admin routes exist.
    await adminError(await admin('/nope', {}, null), 401, 'ADMIN_UNAUTHORIZED');
  });

  it('when a workspace has no connection, then 404 ADMIN_CONNECTION_NOT_FOUND', async () => {
    await adminError(await admin('/connections/ws_missing'), 404, 'ADMIN_CONNECTION_NOT_FOUND');
    await adminError(
      await admin('/connections/ws_missing', { method: 'DELETE' }),
      404,
      'ADMIN_CONNECTION_NOT_FOUND',
    );
  });

  it('when the list query is invalid, then 400 ADMIN_QUERY_INVALID in the same shape', async () => {
    await adminError(await admin('/connections?limit=0'), 400, 'ADMIN_QUERY_INVALID');
    await adminError(await admin('/connections?limit=1&limit=2'), 400, 'ADMIN_QUERY_INVALID');
  });

  it('when a non-admin path has a malformed % encoding or does not exist, then it keeps its HTML page', async () => {
    const missing = await fetch(`${service.url}/administrator/%E0%A4%A`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await missing.text()).toContain('NOT_FOUND');
    const callback = await fetch(`${service.url}/oauth/callback?state=%E0%A4%A`);
    expect(callback.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('admin API errors when the store or the token is missing', () => {
  it('when the store is down, then 503 ADMIN_STORE_UNAVAILABLE as JSON', async () => {
    const sandbox = await startSandbox({ rateLimit: false });
    const service = await startCallbackHarness({ sandbox, env: { ADMIN_TOKEN } });
    try {
      await service.store.close();
      const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
      await adminError(
        await fetch(`${service.url}/admin/connections`, { headers }),
        503,
        'ADMIN_STORE_UNAVAILABLE',
      );
      await adminError(
        await fetch(`${service.url}/admin/connections/ws_1`, { method: 'DELETE', headers }),
        503,
        'ADMIN_STORE_UNAVAILABLE',
      );
    } finally {
      await service.close();
      await sandbox.close();
    }
  });

  it('when ADMIN_TOKEN is unset, then 503 ADMIN_DISABLED as JSON even without Accept', async () => {
    const sandbox = await startSandbox({ rateLimit: false });
    const service = await startCallbackHarness({ sandbox });
    try {
      await adminError(
        await fetch(`${service.url}/admin/connections`, {
          headers: { authorization: 'Bearer anything-at-all' },
        }),
        503,
        'ADMIN_DISABLED',
      );
    } finally {
      await service.close();
      await sandbox.close();
    }
  });
});
