import { createAttioClient, createWorkspaceClient, type AttioClient } from '@attio-auth/attio-core';
import {
  createFakeClock,
  json,
  startTestServer,
  type TestServer,
} from '@attio-auth/attio-core/testing';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

import { inRootSpan } from './in-root-span.js';
import { subscribeAttioTracing } from './subscribe-attio-tracing.js';

let sandbox: Sandbox;
let exporter: InMemorySpanExporter;
let provider: NodeTracerProvider;
let unsubscribe: (() => void) | undefined;
let server: TestServer | undefined;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rateLimit: false });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  exporter = new InMemorySpanExporter();
  provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  // Registers the AsyncLocalStorage context manager, so active spans follow awaits.
  provider.register();
});
afterEach(async () => {
  unsubscribe?.();
  unsubscribe = undefined;
  sandbox.admin.clearFaults();
  await server?.close();
  server = undefined;
  await provider.shutdown();
  trace.disable();
  context.disable();
});

const port = (url: string): number => Number(new URL(url).port);

function sandboxClient(token: string = sandbox.fixtures.tokens.full): AttioClient {
  const clock = createFakeClock();
  return createAttioClient({
    token,
    baseUrl: sandbox.urls.api,
    rateLimit: false,
    now: clock.now,
    sleep: clock.sleep,
  });
}

function spanNamed(name: string): ReadableSpan {
  const matches = exporter.getFinishedSpans().filter((s) => s.name === name);
  if (matches.length !== 1) {
    throw new Error(
      `expected one span "${name}", got ${exporter
        .getFinishedSpans()
        .map((s) => s.name)
        .join(', ')}`,
    );
  }
  return matches[0] as ReadableSpan;
}

const attemptsOf = (): ReadableSpan[] =>
  exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.CLIENT);

describe('subscribeAttioTracing', () => {
  it('when a call succeeds first time, then one INTERNAL call span has one CLIENT attempt child with the HTTP attributes', async () => {
    unsubscribe = subscribeAttioTracing({ tracerProvider: provider });
    await sandboxClient().self();

    expect(exporter.getFinishedSpans()).toHaveLength(2);
    const call = spanNamed('attio GET /v2/self');
    const attempt = spanNamed('GET /v2/self');
    expect(call.kind).toBe(SpanKind.INTERNAL);
    expect(attempt.kind).toBe(SpanKind.CLIENT);
    expect(attempt.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
    expect(attempt.spanContext().traceId).toBe(call.spanContext().traceId);
    expect(attempt.attributes).toEqual({
      'http.request.method': 'GET',
      'server.address': '127.0.0.1',
      'server.port': port(sandbox.urls.api),
      'url.full': `${sandbox.urls.api}/v2/self`,
      'url.template': '/v2/self',
      'http.response.status_code': 200,
    });
    expect(call.attributes).toEqual({ ...attempt.attributes, 'attio.attempts': 1 });
    expect(attempt.status.code).toBe(SpanStatusCode.UNSET);
    expect(call.instrumentationScope.name).toBe('@attio-auth/attio-otel');
  });

  it('when a records query is sent, then url.template is the OpenAPI template and url.full has no query string', async () => {
    unsubscribe = subscribeAttioTracing({ tracerProvider: provider });
    await sandboxClient().request({
      method: 'POST',
      path: '/v2/objects/people/records/query',
      query: { hint: 'secret-filter-value' },
      body: { limit: 1 },
    });

    const attempt = spanNamed('POST /v2/objects/{object}/records/query');
    expect(attempt.attributes['url.template']).toBe('/v2/objects/{object}/records/query');
    expect(attempt.attributes['url.full']).toBe(
      `${sandbox.urls.api}/v2/objects/people/records/query`,
    );
    expect(JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes))).not.toContain(
      'secret-filter-value',
    );
  });

  it('when a GET is retried after a 503, then the second attempt has resend_count 1 and the call span a retry_backoff event', async () => {
    unsubscribe = subscribeAttioTracing({ tracerProvider: provider });
    sandbox.admin.setFaults([{ path: '/v2/objects', status: 503, times: 1 }]);
    const clock = createFakeClock();
    const client = createAttioClient({
      token: sandbox.fixtures.tokens.full,
      baseUrl: sandbox.urls.api,
      rateLimit: false,
      now: clock.now,
      sleep: clock.sleep,
    });
    await client.listObjects();

    const [first, second] = attemptsOf();
    expect(first?.attributes['http.response.status_code']).toBe(503);
    expect(first?.attributes['error.type']).toBe('503');
    expect(first?.attributes['http.request.resend_count']).toBeUndefined();
    expect(first?.status).toEqual({ code: SpanStatusCode.ERROR, message: '503' });
    expect(second?.attributes['http.request.resend_count']).toBe(1);
    expect(second?.attributes['http.response.status_code']).toBe(200);
    expect(second?.attributes['error.type']).toBeUndefined();
    const call = spanNamed('attio GET /v2/objects');
    expect(call.attributes['attio.attempts']).toBe(2);
    expect(call.attributes['http.response.status_code']).toBe(200);
    expect(call.attributes['error.type']).toBeUndefined();
    expect(call.events.map((e) => [e.name, e.attributes])).toEqual([
      ['attio.retry_backoff', { 'attio.wait.duration_ms': clock.sleeps[0], 'attio.attempt': 2 }],
    ]);
    expect(clock.sleeps).toHaveLength(1);
  });

  it('when a call gets a 429 with Retry-After, then the call span has a rate_limited_pause event and the request ids', async () => {
    unsubscribe = subscribeAttioTracing({ tracerProvider: provider });
    server = await startTestServer((_req, res, i) =>
      i === 0
        ? json(
            res,
            429,
            { code: 'rate_limit_exceeded' },
            { 'retry-after': '2', 'x-request-id': 'req_1' },
          )
        : json(res, 200, { data: [] }, { 'x-request-id': 'req_2' }),
    );
    const clock = createFakeClock();
    const token = sandbox.fixtures.tokens.full;
    await createAttioClient({ token, baseUrl: server.url, rateLimit: false, ...clock }).get(
      '/v2/lists',
    );

    const [first, second] = attemptsOf();
    expect(first?.attributes['attio.request_id']).toBe('req_1');
    expect(first?.attributes['error.type']).toBe('429');
    expect(second?.attributes['attio.request_id']).toBe('req_2');
    expect(second?.attributes['http.request.resend_count']).toBe(1);
    const call = spanNamed('attio GET /v2/lists');
    expect(call.attributes['attio.request_id']).toBe('req_2');
    expect(call.events.map((e) => [e.name, e.attributes])).toEqual([
      ['attio.rate_limited_pause', { 'attio.wait.duration_ms': 2000, 'attio.attempt': 2 }],
    ]);
  });

  it('when the client-side throttle makes a call wait, then its span has a throttle_wait event with the wait', async () => {
    unsubscribe = subscribeAttioTracing({ tracerProvider: provider });
    const clock = createFakeClock();
    const client = createAttioClient({
      token: sandbox.fixtures.tokens.full,
      baseUrl: sandbox.urls.api,
      rateLimit: { readsPerSecond: 1, writesPerSecond: 1 },
      now: clock.now,
      sleep: clock.sleep,
    });
    await client.self();
    await client.self();

    const calls = exporter.getFinishedSpans().filter((s) => s.name === 'attio GET /v2/self');
    expect(calls.map((c) => c.events.map((e) => e.name))).toEqual([[], ['attio.throttle_wait']]);
    expect(calls[1]?.events[0]?.attributes?.['attio.wait.duration_ms']).toBe(1000);
  });

  it('when calls succeed and fail, then no span name, attribute, event or resource holds the token', async () => {
    unsubscribe = subscribeAttioTracing({ tracerProvider: provider, propagateTraceparent: true });
    const { full, revoked } = sandbox.fixtures.tokens;
    sandbox.admin.setFaults([{ path: '/v2/workspace_members', status: 503, times: 1 }]);
    await sandboxClient(full).listWorkspaceMembers();
    await expect(sandboxClient(revoked).listObjects()).rejects.toMatchObject({ status: 401 });
    await expect(sandboxClient(full).get('/v2/nope')).rejects.toMatchObject({ status: 404 });

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(7);
    const dump = JSON.stringify(
      spans.map((s) => [s.name, s.attributes, s.events, s.status, s.resource.attributes, s.links]),
    );
    for (const token of [full, revoked]) expect(dump).not.toContain(token);
    expect(dump).not.toContain('Bearer');
    const failed = spanNamed('attio GET /v2/objects');
    expect(failed.attributes['error.type']).toBe('401');
    // Unknown to the OpenAPI table: the span name is the method alone, no url.template.
    const unknown = spanNamed('attio GET');
    expect(unknown.attributes['url.template']).toBeUndefined();
    expect(unknown.attributes['url.full']).toBe(`${sandbox.urls.api}/v2/nope`);
  });

  it('when propagation is off (the default), then no traceparent header reaches the server', async () => {
    unsubscribe = subscribeAttioTracing({ tracerProvider: provider });
    server = await startTestServer((_req, res) => json(res, 200, { data: [] }));
    const { url } = server;
    const token = sandbox.fixtures.tokens.full;
    await inRootSpan('outer', () =>
      createAttioClient({ token, baseUrl: url, rateLimit: false }).get('/v2/lists'),
    );
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['traceparent']).toBeUndefined();
    expect(server.requests[0]?.headers['tracestate']).toBeUndefined();
  });

  it('when propagateTraceparent is true, then each attempt sends its own span as traceparent and keeps the token header', async () => {
    unsubscribe = subscribeAttioTracing({ tracerProvider: provider, propagateTraceparent: true });
    server = await startTestServer((_req, res, i) =>
      i === 0 ? json(res, 503, {}) : json(res, 200, { data: [] }),
    );
    const clock = createFakeClock();
    const token = sandbox.fixtures.tokens.full;
    await createAttioClient({ token, baseUrl: server.url, rateLimit: false, ...clock }).get(
      '/v2/lists',
    );

    const attempts = attemptsOf();
    expect(server.requests.map((r) => r.headers['traceparent'])).toEqual(
      attempts.map((a) => `00-${a.spanContext().traceId}-${a.spanContext().spanId}-01`),
    );
    expect(server.requests.map((r) => r.headers['authorization'])).toEqual([
      `Bearer ${token}`,
      `Bearer ${token}`,
    ]);
  });

  it('when calls run inside inRootSpan, then they are children of the root span in one trace', async () => {
    unsubscribe = subscribeAttioTracing({ tracerProvider: provider });
    const client = sandboxClient();
    await inRootSpan(
      'attio-auth test round',
      async () => {
        await client.self();
        await client.listObjects();
      },
      { tracerProvider: provider },
    );

    const root = spanNamed('attio-auth test round');
    const spans = exporter.getFinishedSpans();
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(
      new Set([root.spanContext().traceId]),
    );
    expect(root.parentSpanContext).toBeUndefined();
    expect(
      spans
        .filter((s) => s.kind === SpanKind.INTERNAL && s !== root)
        .map((s) => [s.name, s.parentSpanContext?.spanId]),
    ).toEqual([
      ['attio GET /v2/self', root.spanContext().spanId],
      ['attio GET /v2/objects', root.spanContext().spanId],
    ]);
  });

  it('when the client is for a workspace, then its spans carry attio.workspace_id', async () => {
    unsubscribe = subscribeAttioTracing({ tracerProvider: provider });
    const workspaceId = sandbox.fixtures.workspaces[0].id;
    const client = await createWorkspaceClient({
      workspaceId,
      getToken: () => sandbox.fixtures.tokens.full,
      baseUrl: sandbox.urls.api,
      rateLimit: false,
    });
    await client.self();
    expect(exporter.getFinishedSpans().map((s) => s.attributes['attio.workspace_id'])).toEqual([
      workspaceId,
      workspaceId,
    ]);
  });

  it('when unsubscribed, then calls produce no spans', async () => {
    subscribeAttioTracing({ tracerProvider: provider })();
    await sandboxClient().self();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
