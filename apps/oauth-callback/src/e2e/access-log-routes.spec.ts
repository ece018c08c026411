import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { until } from '@attio-auth/attio-core/testing';

import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

const ADMIN_TOKEN = 'admin-token-0123456789abcdefghijklmnop';

interface AccessLine {
  msg: string;
  requestId: string;
  method: string;
  path: string;
  status: number;
}

describe('access log and metrics name the full path and route', () => {
  let sandbox: Sandbox;
  let service: CallbackHarness;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
  });
  // A fresh service per test: its logs and metrics hold only this test's requests.
  beforeEach(async () => {
    service = await startCallbackHarness({ sandbox, env: { ADMIN_TOKEN } });
  });
  afterEach(async () => {
    await service?.close();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${service.url}/admin${path}`, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });

  /** The access-log line of the answer `res` (matched by its request id), once it is written. */
  async function accessLine(res: Response): Promise<AccessLine> {
    const id = res.headers.get('x-request-id') ?? '';
    const find = () =>
      service.logs
        .map((l) => JSON.parse(l) as AccessLine)
        .find((l) => l.requestId === id && (l.msg === 'request' || l.msg === 'request failed'));
    await until(() => find() !== undefined, `access log line of ${id}`);
    return find() as AccessLine;
  }

  it('when an admin route answers, then the log has the full path and the metric the full route', async () => {
    const list = await admin('/connections?limit=5');
    expect(list.status).toBe(200);
    expect(await accessLine(list)).toMatchObject({ method: 'GET', path: '/admin/connections' });
    const missing = await admin('/connections/ws_missing');
    expect(missing.status).toBe(404);
    expect(await accessLine(missing)).toMatchObject({ path: '/admin/connections/ws_missing' });
    const deleted = await admin('/connections/ws_missing', { method: 'DELETE' });
    expect(deleted.status).toBe(404);
    await accessLine(deleted);

    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toContain(
      'oauth_callback_http_requests_total{method="GET",route="/admin/connections",status="200"} 1',
    );
    expect(text).toContain(
      'oauth_callback_http_requests_total{method="GET",route="/admin/connections/:workspaceId",status="404"} 1',
    );
    expect(text).toContain(
      'oauth_callback_http_requests_total{method="DELETE",route="/admin/connections/:workspaceId",status="404"} 1',
    );
  });

  it('when a wrong method hits an admin route, then the metric still names the route template', async () => {
    const res = await admin('/connections', { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(await accessLine(res)).toMatchObject({ method: 'PUT', path: '/admin/connections' });
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toContain(
      'oauth_callback_http_requests_total{method="PUT",route="/admin/connections",status="405"} 1',
    );
  });

  it('when a request has a query string, then the log line holds the path only, never code or state', async () => {
    const code = 'code-secret-5f4e3d2c1b0a';
    const state = 'state-secret-0a1b2c3d4e5f';
    const res = await fetch(
      `${service.url}/oauth/callback?code=${code}&state=${state}&error_description=x`,
    );
    const line = await accessLine(res);
    expect(line.path).toBe('/oauth/callback');
    const list = await admin(`/connections?after=${state}`);
    expect((await accessLine(list)).path).toBe('/admin/connections');
    const text = service.logs.join('\n');
    expect(text).not.toContain(code);
    expect(text).not.toContain(state);
    expect(text).not.toContain('?');
  });

  it('when the path is very long, then the log line holds a bounded prefix of it', async () => {
    const res = await fetch(`${service.url}/${'p'.repeat(5000)}`);
    expect(res.status).toBe(414);
    const line = await accessLine(res);
    expect(line.path.length).toBeLessThanOrEqual(512);
    expect(line.path.startsWith('/ppp')).toBe(true);
  });
});
