import { AttioAbortError, AttioConnectionError, AttioTimeoutError } from '@attio-auth/attio-errors';
import { clientFor, failure, TOKEN, useTestServer } from '../testing/client-harness.js';
import { createFakeClock, until } from '../testing/fake-clock.js';
import { closedPortUrl, json } from '../testing/http-test-server.js';
import { createAttioClient } from './create-attio-client.js';

const { serve } = useTestServer();

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
    await expect(
      clientFor(s, { ...clock, timeoutMs: 1000, retry: { retries: 1 } }).get('/v2/self'),
    ).resolves.toEqual({ ok: 1 });
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
    const refusedUrl = await closedPortUrl();
    const clock = createFakeClock();
    const client = createAttioClient({
      token: TOKEN,
      baseUrl: refusedUrl,
      rateLimit: false,
      ...clock,
    });
    const err = await failure(client.get('/v2/self'));
    expect(err).toBeInstanceOf(AttioConnectionError);
    expect((err as AttioConnectionError).reason).toBe('refused');
    expect(clock.sleeps).toHaveLength(3);
  });
});
