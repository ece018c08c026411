import { AttioResponseValidationError, AttioTimeoutError } from '@attio-auth/attio-errors';
import { until } from '../testing/fake-clock.js';
import { clientFor, failure, TOKEN, useTestServer } from '../testing/client-harness.js';
import { json } from '../testing/http-test-server.js';
import { createAttioClient } from './create-attio-client.js';

const { serve } = useTestServer();

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
        if (!Array.isArray((v as { data?: unknown }).data))
          throw new Error('data must be an array');
        return v as { data: unknown[] };
      },
    };
    const err = await failure(clientFor(s).get('/v2/objects', { schema }));
    expect(err).toBeInstanceOf(AttioResponseValidationError);
    expect(err.message).toBe(
      `GET ${s.url}/v2/objects answered 200 with a body that failed validation: data must be an array`,
    );
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
    expect(() => createAttioClient({ token: TOKEN, baseUrl: 'ftp://x' })).toThrow(
      'baseUrl must use http or https',
    );
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
    await expect(clientFor(s, { fetch: spyFetch }).self()).resolves.toEqual({
      active: false,
    });
    expect(seen).toEqual([`GET ${s.url}/v2/self`]);
    expect(s.requests[0]?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('when the server hangs behind an injected fetch, then the attempt times out with AttioTimeoutError', async () => {
    const s = await serve(() => undefined);
    const err = await failure(
      clientFor(s, { fetch, timeoutMs: 100, retry: false }).get('/v2/self'),
    );
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
