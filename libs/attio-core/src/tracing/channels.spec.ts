import diagnosticsChannel from 'node:diagnostics_channel';

import { createAttioClient } from '../client/create-attio-client.js';
import { createFakeClock } from '../testing/fake-clock.js';
import { json, startTestServer, type TestServer } from '../testing/http-test-server.js';
import {
  ATTIO_TRACING_CHANNELS,
  type AttioAttemptTrace,
  type AttioCallTrace,
  type AttioWaitEvent,
} from './channels.js';

const TOKEN = 'tok_0123456789abcdef0123456789abcdef';
const ignore = (): void => undefined;
const call = diagnosticsChannel.tracingChannel<object, AttioCallTrace>(ATTIO_TRACING_CHANNELS.call);
const attempt = diagnosticsChannel.tracingChannel<object, AttioAttemptTrace>(
  ATTIO_TRACING_CHANNELS.attempt,
);

let server: TestServer | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await server?.close();
  server = undefined;
});

/** Subscribes to both TracingChannels and the wait channel and records what they carry, in order. */
function record(onAttemptStart?: (a: AttioAttemptTrace) => void) {
  const events: [string, object][] = [];
  const handlers = (label: string) => ({
    start: (c: object) => {
      events.push([`${label}:start`, { ...c }]);
      if (label === 'attempt') onAttemptStart?.(c as AttioAttemptTrace);
    },
    end: ignore,
    asyncStart: ignore,
    asyncEnd: (c: object) => events.push([`${label}:asyncEnd`, { ...c }]),
    error: ignore,
  });
  const callHandlers = handlers('call');
  const attemptHandlers = handlers('attempt');
  const onWait = (m: unknown): void => {
    events.push(['wait', { ...(m as AttioWaitEvent) }]);
  };
  call.subscribe(callHandlers);
  attempt.subscribe(attemptHandlers);
  diagnosticsChannel.subscribe(ATTIO_TRACING_CHANNELS.wait, onWait);
  cleanups.push(() => {
    call.unsubscribe(callHandlers);
    attempt.unsubscribe(attemptHandlers);
    diagnosticsChannel.unsubscribe(ATTIO_TRACING_CHANNELS.wait, onWait);
  });
  return events;
}

describe('tracing channels', () => {
  it('when a call is retried after a 429, then call, attempts and the pause are published with status and request ids', async () => {
    server = await startTestServer((_req, res, i) =>
      i === 0
        ? json(res, 429, {}, { 'retry-after': '1', 'x-request-id': 'req_1' })
        : json(res, 200, { ok: true }, { 'x-request-id': 'req_2' }),
    );
    const events = record();
    const clock = createFakeClock();
    const client = createAttioClient({
      token: TOKEN,
      baseUrl: server.url,
      rateLimit: false,
      workspaceId: 'ws_1',
      ...clock,
    });
    await client.get('/v2/lists/sales', { query: { limit: 1 } });

    const port = Number(new URL(server.url).port);
    const target = {
      method: 'GET',
      urlTemplate: '/v2/lists/{list}',
      urlFull: `${server.url}/v2/lists/sales`,
      serverAddress: '127.0.0.1',
      serverPort: port,
      workspaceId: 'ws_1',
    };
    expect(events.map(([name]) => name)).toEqual([
      'call:start',
      'attempt:start',
      'attempt:asyncEnd',
      'wait',
      'attempt:start',
      'attempt:asyncEnd',
      'call:asyncEnd',
    ]);
    expect(events[0]?.[1]).toEqual({ ...target, attempts: 0 });
    expect(events[2]?.[1]).toMatchObject({
      ...target,
      attempt: 1,
      status: 429,
      requestId: 'req_1',
    });
    expect(events[3]?.[1]).toMatchObject({
      kind: 'rate_limited_pause',
      durationMs: 1000,
      attempt: 2,
    });
    expect(events[5]?.[1]).toMatchObject({
      attempt: 2,
      status: 200,
      requestId: 'req_2',
      headers: {},
    });
    expect(events[6]?.[1]).toMatchObject({
      ...target,
      attempts: 2,
      status: 200,
      requestId: 'req_2',
      result: { ok: true },
    });
  });

  it('when a start subscriber adds headers, then they are sent but cannot replace the client headers', async () => {
    server = await startTestServer((_req, res) => json(res, 200, {}));
    record((a) => {
      a.headers['traceparent'] = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      a.headers['authorization'] = 'Bearer stolen';
    });
    await createAttioClient({ token: TOKEN, baseUrl: server.url, rateLimit: false }).get(
      '/v2/self',
    );

    expect(server.requests[0]?.headers['traceparent']).toBe(
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    );
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('when a call fails without an answer, then the call context carries the error and no status', async () => {
    const events = record();
    const client = createAttioClient({
      token: TOKEN,
      baseUrl: 'http://127.0.0.1:9',
      rateLimit: false,
      retry: false,
    });
    await expect(client.get('/v2/self')).rejects.toMatchObject({ code: 'ATTIO_CONNECTION' });
    const end = events.find(([name]) => name === 'call:asyncEnd')?.[1] as AttioCallTrace;
    expect(end.status).toBeUndefined();
    expect((end.error as { code: string }).code).toBe('ATTIO_CONNECTION');
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it('when nobody subscribes, then a call sends only the client headers', async () => {
    server = await startTestServer((_req, res) => json(res, 200, {}));
    expect(call.hasSubscribers || attempt.hasSubscribers).toBe(false);
    await createAttioClient({ token: TOKEN, baseUrl: server.url, rateLimit: false }).get(
      '/v2/self',
    );
    expect(server.requests[0]?.headers['traceparent']).toBeUndefined();
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });
});
