import { startInMemoryTracing, type InMemoryTracing } from '@attio-auth/attio-otel/testing';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';

import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { runInstall } from '../testing/install-driver.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

describe('install tracing (SQLite)', () => {
  let sandbox: Sandbox;
  let service: CallbackHarness;
  let tracing: InMemoryTracing;

  beforeEach(async () => {
    tracing = startInMemoryTracing();
    sandbox = await startSandbox({ port: 0, rateLimit: false });
    service = await startCallbackHarness({
      sandbox,
      driver: 'sqlite',
      tracerProvider: tracing.tracerProvider,
    });
  });
  afterEach(async () => {
    await service?.close();
    await sandbox?.close();
    await tracing?.close();
  });

  it('when an install succeeds, then it is one trace: the install root with the code exchange and /v2/self under it', async () => {
    const [primary] = sandbox.fixtures.workspaces;
    const { result } = await runInstall(service.url);
    expect(result.status).toBe(200);

    expect(tracing.trees()).toEqual([
      {
        name: 'attio-auth install',
        children: [
          { name: 'POST /oauth/token', children: [] },
          { name: 'attio GET /v2/self', children: [{ name: 'GET /v2/self', children: [] }] },
        ],
      },
    ]);
    const spans = tracing.spans();
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    const root = spans.find((s) => s.name === 'attio-auth install');
    expect(root?.attributes).toEqual({
      'attio.install.outcome': 'installed',
      'attio.workspace_id': primary.id,
    });
    const exchange = spans.find((s) => s.name === 'POST /oauth/token');
    expect(exchange?.kind).toBe(SpanKind.CLIENT);
    expect(exchange?.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(sandbox.urls.oauth).port),
      'url.full': `${sandbox.urls.oauth}/oauth/token`,
      'url.template': '/oauth/token',
      'http.response.status_code': 200,
    });
    // Neither the code, the client secret nor the token is in any span.
    const token = await service.store.getToken(primary.id);
    const dump = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]));
    expect(token).toBeDefined();
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(sandbox.fixtures.oauthApp.clientSecret);
    expect(dump).not.toContain('code=');
  });

  it('when the user denies at Attio, then the install root span is an error with the failure code and has no Attio children', async () => {
    const { result } = await runInstall(service.url, { decision: 'deny' });
    expect(result.status).toBe(403);

    const [root, ...others] = tracing.spans();
    expect(others).toEqual([]);
    expect(root?.name).toBe('attio-auth install');
    expect(root?.attributes).toEqual({
      'attio.install.outcome': 'ATTIO_OAUTH_ACCESS_DENIED',
      'error.type': 'ATTIO_OAUTH_ACCESS_DENIED',
    });
    expect(root?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'ATTIO_OAUTH_ACCESS_DENIED',
    });
  });
});
