import {
  AttioAuthenticationError,
  AttioRateLimitError,
  AttioServerError,
} from '@attio-auth/attio-errors';
import { clientFor, failure, useTestServer } from '../testing/client-harness.js';
import { createFakeClock, until } from '../testing/fake-clock.js';
import { json } from '../testing/http-test-server.js';

const { serve } = useTestServer();

describe('createAttioClient: retries', () => {
  it('when a GET gets 429 with Retry-After in seconds, then it waits that long and retries', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res, i) =>
      i === 0
        ? json(
            res,
            429,
            {
              status_code: 429,
              type: 'rate_limit_error',
              code: 'rate_limit_exceeded',
              message: 'Slow down',
            },
            { 'retry-after': '2' },
          )
        : json(res, 200, { data: [] }),
    );
    await expect(clientFor(s, clock).get('/v2/objects')).resolves.toEqual({
      data: [],
    });
    expect(s.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('when a 429 carries Retry-After as an HTTP date, then it waits until that date on the injected clock', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res, i) =>
      i === 0
        ? json(res, 429, {}, { 'retry-after': new Date(clock.now() + 3000).toUTCString() })
        : json(res, 200, { data: [] }),
    );
    await clientFor(s, clock).get('/v2/objects');
    expect(clock.sleeps).toEqual([3000]);
  });

  it('when Retry-After is very long, then the wait is capped at maxRetryAfterMs', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res, i) =>
      i === 0 ? json(res, 429, {}, { 'retry-after': '600' }) : json(res, 200, {}),
    );
    await clientFor(s, { ...clock, retry: { maxRetryAfterMs: 5000 } }).get('/v2/objects');
    expect(clock.sleeps).toEqual([5000]);
  });

  it('when a POST gets 429, then it is retried (Attio did not process it)', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res, i) =>
      i === 0 ? json(res, 429, {}, { 'retry-after': '1' }) : json(res, 200, { data: { id: 'n1' } }),
    );
    await expect(clientFor(s, clock).post('/v2/notes', { data: {} })).resolves.toEqual({
      data: { id: 'n1' },
    });
    expect(s.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('when 429s persist, then it gives up after the configured retries with a rate-limit error', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res) =>
      json(res, 429, { code: 'rate_limit_exceeded', message: 'Slow down' }, { 'retry-after': '1' }),
    );
    const err = await failure(clientFor(s, { ...clock, retry: { retries: 2 } }).get('/v2/objects'));
    expect(err).toBeInstanceOf(AttioRateLimitError);
    expect(err.retryAfterMs).toBe(1000);
    expect(s.requests).toHaveLength(3);
  });

  it('when one request waits on a 429, then no other request of the same client is sent until the pause ends', async () => {
    const clock = createFakeClock(undefined, 'manual');
    const s = await serve((req, res, i) =>
      i === 0 ? json(res, 429, {}, { 'retry-after': '2' }) : json(res, 200, { path: req.url }),
    );
    const client = clientFor(s, clock);
    const first = client.get('/v2/a');
    await until(() => clock.pending === 1, 'the first request to start waiting on Retry-After');
    const second = client.get('/v2/b');
    await until(() => clock.pending === 2, 'the second request to wait on the shared pause');
    expect(clock.sleeps).toEqual([2000, 2000]);
    expect(s.requests).toHaveLength(1);
    clock.release(2000);
    await expect(Promise.all([first, second])).resolves.toEqual([
      { path: '/v2/a' },
      { path: '/v2/b' },
    ]);
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
    expect(err.message).toContain(
      `Attio answered HTTP 502 to GET ${s.url}/v2/self: non-JSON body "502 Bad Gateway".`,
    );
    expect(s.requests).toHaveLength(4);
    expect(clock.sleeps).toHaveLength(3);
    [250, 500, 1000].forEach((ceiling, i) => {
      expect(clock.sleeps[i]).toBeGreaterThanOrEqual(0);
      expect(clock.sleeps[i]).toBeLessThan(ceiling);
    });
  });

  it('when a GET gets 503 then 200, then it returns the 200 body', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res, i) =>
      i === 0 ? json(res, 503, {}) : json(res, 200, { data: 1 }),
    );
    await expect(clientFor(s, clock).get('/v2/objects')).resolves.toEqual({
      data: 1,
    });
  });

  it('when the answer is 401, then it is not retried', async () => {
    const s = await serve((_req, res) =>
      json(res, 401, {
        status_code: 401,
        type: 'auth_error',
        code: 'unauthorized',
        message: 'Invalid token',
      }),
    );
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
