import {
  AttioAbortError,
  AttioAuthenticationError,
  AttioConnectionError,
  AttioRateLimitError,
  AttioResponseValidationError,
  AttioServerError,
  AttioTimeoutError,
  type AttioError,
} from '@attio-auth/attio-errors';
import { createServer } from 'node:net';
import { createFakeClock, until } from '../testing/fake-clock.js';
import { json, startTestServer, type Handler, type TestServer } from '../testing/http-test-server.js';
import { createAttioClient } from './create-attio-client.js';
import type { AttioClientOptions } from './types.js';

const TOKEN = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
let server: TestServer | undefined;

async function serve(handler: Handler): Promise<TestServer> {
  server = await startTestServer(handler);
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clientFor = (s: TestServer, extra: Partial<AttioClientOptions> = {}) =>
  createAttioClient({ token: TOKEN, baseUrl: s.url, rateLimit: false, ...extra });

const failure = (p: Promise<unknown>): Promise<AttioError> =>
  p.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: AttioError) => e,
  );

describe('createAttioClient: requests', () => {
  it('when it GETs, then it sends the bearer token, accept, user agent and query, and returns the JSON body', async () => {
    const s = await serve((_req, res) => json(res, 200, { data: [{ id: 1 }] }));
    const body = await clientFor(s, { userAgent: 'attio-verify/1.0.0' }).get('/v2/lists', {
      query: { limit: 2, tags: ['a', 'b'], skip: undefined },
    });
    expect(body).toEqual({ data: [{ id: 1 }] });
    expect(s.requests).toHaveLength(1);
    const [req] = s.requests;
    expect(req?.method).toBe('GET');
    expect(req?.url).toBe('/v2/lists?limit=2&tags=a&tags=b');
    expect(req?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers['accept']).toBe('application/json');
    expect(req?.headers['user-agent']).toBe('attio-verify/1.0.0 @attio-auth/attio-core/0.0.1');
  });

  it('when it POSTs a body, then the body is JSON with a JSON content type', async () => {
    const s = await serve((_req, res) => json(res, 200, { data: { ok: true } }));
    await clientFor(s).post('/v2/notes', { data: { title: 'x' } });
    expect(s.requests[0]?.body).toBe('{"data":{"title":"x"}}');
    expect(s.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('when the answer is 204 with no body, then it resolves to undefined', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    await expect(clientFor(s).delete('/v2/notes/n1')).resolves.toBeUndefined();
  });

  it('when a schema is given and the body does not fit, then it throws AttioResponseValidationError', async () => {
    const s = await serve((_req, res) => json(res, 200, { data: 'nope' }));
    const schema = {
      parse(v: unknown): { data: unknown[] } {
        if (!Array.isArray((v as { data?: unknown }).data)) throw new Error('data must be an array');
        return v as { data: unknown[] };
      },
    };
    const err = await failure(clientFor(s).get('/v2/objects', { schema }));
    expect(err).toBeInstanceOf(AttioResponseValidationError);
    expect(err.message).toBe(`GET ${s.url}/v2/objects answered 200 with a body that failed validation: data must be an array`);
  });

  it('when a 2xx body is not JSON, then it throws AttioResponseValidationError quoting the start of it', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    });
    const err = await failure(clientFor(s).get('/v2/self'));
    expect(err.code).toBe('ATTIO_UNEXPECTED_RESPONSE');
    expect(err.message).toContain('with a body that is not JSON ("<html>login</html>")');
  });

  it('when the token is malformed, then creating the client fails before anything is sent', () => {
    expect(() => createAttioClient({ token: `Bearer ${TOKEN}` })).toThrow(
      'The Attio token starts with "Bearer "; remove that prefix.',
    );
    expect(() => createAttioClient({ token: TOKEN, baseUrl: 'ftp://x' })).toThrow('baseUrl must use http or https');
  });
});

describe('createAttioClient: retries', () => {
  it('when a GET gets 429 with Retry-After in seconds, then it waits that long and retries', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res, i) =>
      i === 0 ? json(res, 429, { status_code: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Slow down' }, { 'retry-after': '2' }) : json(res, 200, { data: [] }),
    );
    await expect(clientFor(s, clock).get('/v2/objects')).resolves.toEqual({ data: [] });
    expect(s.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('when a 429 carries Retry-After as an HTTP date, then it waits until that date on the injected clock', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res, i) =>
      i === 0 ? json(res, 429, {}, { 'retry-after': new Date(clock.now() + 3000).toUTCString() }) : json(res, 200, { data: [] }),
    );
    await clientFor(s, clock).get('/v2/objects');
    expect(clock.sleeps).toEqual([3000]);
  });

  it('when Retry-After is very long, then the wait is capped at maxRetryAfterMs', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res, i) => (i === 0 ? json(res, 429, {}, { 'retry-after': '600' }) : json(res, 200, {})));
    await clientFor(s, { ...clock, retry: { maxRetryAfterMs: 5000 } }).get('/v2/objects');
    expect(clock.sleeps).toEqual([5000]);
  });

  it('when a POST gets 429, then it is retried (Attio did not process it)', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res, i) => (i === 0 ? json(res, 429, {}, { 'retry-after': '1' }) : json(res, 200, { data: { id: 'n1' } })));
    await expect(clientFor(s, clock).post('/v2/notes', { data: {} })).resolves.toEqual({ data: { id: 'n1' } });
    expect(s.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('when 429s persist, then it gives up after the configured retries with a rate-limit error', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res) => json(res, 429, { code: 'rate_limit_exceeded', message: 'Slow down' }, { 'retry-after': '1' }));
    const err = await failure(clientFor(s, { ...clock, retry: { retries: 2 } }).get('/v2/objects'));
    expect(err).toBeInstanceOf(AttioRateLimitError);
    expect(err.retryAfterMs).toBe(1000);
    expect(s.requests).toHaveLength(3);
  });

  it('when one request waits on a 429, then no other request of the same client is sent until the pause ends', async () => {
    const clock = createFakeClock(undefined, 'manual');
    const s = await serve((req, res, i) => (i === 0 ? json(res, 429, {}, { 'retry-after': '2' }) : json(res, 200, { path: req.url })));
    const client = clientFor(s, clock);
    const first = client.get('/v2/a');
    await until(() => clock.pending === 1, 'the first request to start waiting on Retry-After');
    const second = client.get('/v2/b');
    await until(() => clock.pending === 2, 'the second request to wait on the shared pause');
    expect(clock.sleeps).toEqual([2000, 2000]);
    expect(s.requests).toHaveLength(1);
    clock.release(2000);
    await expect(Promise.all([first, second])).resolves.toEqual([{ path: '/v2/a' }, { path: '/v2/b' }]);
    expect(s.requests.map((r) => r.url).sort()).toEqual(['/v2/a', '/v2/a', '/v2/b']);
  });

  it('when a POST gets 503, then it is not retried', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res) => json(res, 503, { message: 'Unavailable' }));
    const err = await failure(clientFor(s, clock).post('/v2/notes', {}));
    expect(err).toBeInstanceOf(AttioServerError);
    expect(err.status).toBe(503);
    expect(s.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('when a GET keeps getting a non-JSON 502, then it retries 3 times with jittered backoff and reports the page', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
    });
    const err = await failure(clientFor(s, clock).get('/v2/self'));
    expect(err).toBeInstanceOf(AttioServerError);
    expect(err.message).toContain(`Attio answered HTTP 502 to GET ${s.url}/v2/self: non-JSON body "502 Bad Gateway".`);
    expect(s.requests).toHaveLength(4);
    expect(clock.sleeps).toHaveLength(3);
    [250, 500, 1000].forEach((ceiling, i) => {
      expect(clock.sleeps[i]).toBeGreaterThanOrEqual(0);
      expect(clock.sleeps[i]).toBeLessThan(ceiling);
    });
  });

  it('when a GET gets 503 then 200, then it returns the 200 body', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res, i) => (i === 0 ? json(res, 503, {}) : json(res, 200, { data: 1 })));
    await expect(clientFor(s, clock).get('/v2/objects')).resolves.toEqual({ data: 1 });
  });

  it('when the answer is 401, then it is not retried', async () => {
    const s = await serve((_req, res) => json(res, 401, { status_code: 401, type: 'auth_error', code: 'unauthorized', message: 'Invalid token' }));
    const err = await failure(clientFor(s).get('/v2/objects'));
    expect(err).toBeInstanceOf(AttioAuthenticationError);
    expect(s.requests).toHaveLength(1);
  });

  it('when retry is false, then a 503 GET fails after one attempt', async () => {
    const s = await serve((_req, res) => json(res, 503, {}));
    await failure(clientFor(s, { retry: false }).get('/v2/objects'));
    expect(s.requests).toHaveLength(1);
  });
});

describe('createAttioClient: timeouts, aborts, network', () => {
  it('when the server never answers, then the attempt times out with AttioTimeoutError', async () => {
    const s = await serve(() => undefined);
    const err = await failure(clientFor(s, { timeoutMs: 100, retry: false }).get('/v2/self'));
    expect(err).toBeInstanceOf(AttioTimeoutError);
    expect(err.message).toBe(
      `Attio did not answer within 100 ms (GET ${s.url}/v2/self). Retry; raise timeoutMs if large responses are expected.`,
    );
  });

  it('when a GET times out and retries are allowed, then it is retried', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res, i) => (i === 0 ? undefined : json(res, 200, { ok: 1 })));
    await expect(clientFor(s, { ...clock, timeoutMs: 1000, retry: { retries: 1 } }).get('/v2/self')).resolves.toEqual({ ok: 1 });
    expect(s.requests).toHaveLength(2);
  });

  it('when the caller aborts in flight, then it fails with AttioAbortError and does not retry', async () => {
    const s = await serve(() => undefined);
    const controller = new AbortController();
    const pending = failure(clientFor(s).get('/v2/self', { signal: controller.signal }));
    await until(() => s.requests.length === 1, 'the request to reach the server');
    controller.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(AttioAbortError);
    expect(err.message).toBe(`The request was aborted by the caller (GET ${s.url}/v2/self).`);
    expect(s.requests).toHaveLength(1);
  });

  it('when the signal is already aborted, then nothing is sent', async () => {
    const s = await serve((_req, res) => json(res, 200, {}));
    const err = await failure(clientFor(s).get('/v2/self', { signal: AbortSignal.abort() }));
    expect(err.code).toBe('ATTIO_ABORTED');
    expect(s.requests).toHaveLength(0);
  });

  it('when the caller aborts during a backoff wait, then it stops with AttioAbortError', async () => {
    const clock = createFakeClock(undefined, 'manual');
    const s = await serve((_req, res) => json(res, 503, {}));
    const controller = new AbortController();
    const pending = failure(clientFor(s, clock).get('/v2/self', { signal: controller.signal }));
    await until(() => clock.pending === 1, 'the backoff sleep');
    controller.abort();
    expect((await pending).code).toBe('ATTIO_ABORTED');
    expect(s.requests).toHaveLength(1);
  });

  it('when the port is closed, then it fails with a refused AttioConnectionError after retrying', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((r) => probe.close(() => r()));
    const clock = createFakeClock();
    const client = createAttioClient({ token: TOKEN, baseUrl: `http://127.0.0.1:${port}`, rateLimit: false, ...clock });
    const err = await failure(client.get('/v2/self'));
    expect(err).toBeInstanceOf(AttioConnectionError);
    expect((err as AttioConnectionError).reason).toBe('refused');
    expect(clock.sleeps).toHaveLength(3);
  });
});

describe('createAttioClient: with an injected fetch', () => {
  it('when fetch is injected, then requests go through it with the same headers and parsing', async () => {
    const s = await serve((_req, res) => json(res, 200, { active: false }));
    const seen: string[] = [];
    const spyFetch: typeof fetch = (input, init) => {
      seen.push(`${init?.method} ${String(input)}`);
      return fetch(input, init);
    };
    await expect(clientFor(s, { fetch: spyFetch }).self()).resolves.toEqual({ active: false });
    expect(seen).toEqual([`GET ${s.url}/v2/self`]);
    expect(s.requests[0]?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('when the server hangs behind an injected fetch, then the attempt times out with AttioTimeoutError', async () => {
    const s = await serve(() => undefined);
    const err = await failure(clientFor(s, { fetch, timeoutMs: 100, retry: false }).get('/v2/self'));
    expect(err).toBeInstanceOf(AttioTimeoutError);
  });

  it('when the caller aborts behind an injected fetch, then it is an AttioAbortError', async () => {
    const s = await serve(() => undefined);
    const controller = new AbortController();
    const pending = failure(clientFor(s, { fetch }).get('/v2/self', { signal: controller.signal }));
    await until(() => s.requests.length === 1, 'the request to reach the server');
    controller.abort();
    expect((await pending).code).toBe('ATTIO_ABORTED');
  });
});
