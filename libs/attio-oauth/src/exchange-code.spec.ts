import { closedPortUrl } from '@attio-auth/attio-core/testing';
import {
  AttioAbortError,
  AttioConnectionError,
  AttioOAuthError,
  AttioResponseValidationError,
  AttioTimeoutError,
} from '@attio-auth/attio-errors';

import { exchangeCode, type ExchangeCodeOptions } from './exchange-code.js';
import { startRecordingServer, type Answer } from './testing/recording-server.js';

const CODE = 'authcode-5f2b9c1e7d';
const SECRET = 'client-secret-8a7d6c5b4a';

async function withServer(
  answer: Answer | ((n: number) => Answer),
  run: (opts: ExchangeCodeOptions) => Promise<void>,
) {
  let n = 0;
  const server = await startRecordingServer(() =>
    typeof answer === 'function' ? answer(n++) : answer,
  );
  try {
    await run({
      code: CODE,
      clientId: 'client-1',
      clientSecret: SECRET,
      redirectUri: 'http://127.0.0.1:9/oauth/callback',
      tokenUrl: `${server.url}/oauth/token`,
    });
  } finally {
    await server.close();
  }
  return server.requests;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the exchange to fail');
}

function expectNoSecrets(err: Error): void {
  const text = `${err.message}\n${err.stack ?? ''}\n${JSON.stringify(err)}`;
  expect(text).not.toContain(CODE);
  expect(text).not.toContain(SECRET);
}

describe('exchangeCode', () => {
  it('when the server returns a token, then it posts the RFC 6749 §4.1.3 form once and returns the token', async () => {
    let result;
    const requests = await withServer(
      { status: 200, body: '{"access_token":"tok_abc","token_type":"Bearer"}' },
      async (opts) => {
        result = await exchangeCode(opts);
      },
    );
    expect(result).toEqual({ accessToken: 'tok_abc', tokenType: 'Bearer' });
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/oauth/token');
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req?.headers['accept']).toBe('application/json');
    expect(Object.fromEntries(new URLSearchParams(req?.body))).toEqual({
      grant_type: 'authorization_code',
      code: CODE,
      redirect_uri: 'http://127.0.0.1:9/oauth/callback',
      client_id: 'client-1',
      client_secret: SECRET,
    });
  });

  it('when a PKCE verifier is given, then it is sent as code_verifier', async () => {
    const requests = await withServer(
      { status: 200, body: '{"access_token":"t","token_type":"bearer"}' },
      async (opts) => {
        expect(await exchangeCode({ ...opts, codeVerifier: 'v'.repeat(43) })).toEqual({
          accessToken: 't',
          tokenType: 'Bearer',
        });
      },
    );
    expect(new URLSearchParams(requests[0]?.body).get('code_verifier')).toBe('v'.repeat(43));
  });

  it('when the server answers 400 invalid_grant echoing the code, then AttioOAuthError without the code', async () => {
    await withServer(
      {
        status: 400,
        body: JSON.stringify({
          error: 'invalid_grant',
          error_description: `code ${CODE} was already used`,
        }),
      },
      async (opts) => {
        const err = await rejection(exchangeCode(opts));
        expect(err).toBeInstanceOf(AttioOAuthError);
        expect((err as AttioOAuthError).code).toBe('ATTIO_OAUTH_INVALID_GRANT');
        expect((err as AttioOAuthError).status).toBe(400);
        expect((err as AttioOAuthError).oauthError).toBe('invalid_grant');
        expectNoSecrets(err);
      },
    );
  });

  it('when the server answers 401 invalid_client, then ATTIO_OAUTH_INVALID_CLIENT and the secret is not shown', async () => {
    await withServer(
      { status: 401, body: `{"error":"invalid_client","error_description":"bad ${SECRET}"}` },
      async (opts) => {
        const err = await rejection(exchangeCode(opts));
        expect((err as AttioOAuthError).code).toBe('ATTIO_OAUTH_INVALID_CLIENT');
        expectNoSecrets(err);
      },
    );
  });

  it('when the server answers 503 with HTML, then it fails once as ATTIO_OAUTH_SERVER_ERROR and is not retried', async () => {
    const requests = await withServer(
      { status: 503, body: '<html>down</html>', headers: { 'content-type': 'text/html' } },
      async (opts) => {
        const err = await rejection(exchangeCode(opts));
        expect((err as AttioOAuthError).code).toBe('ATTIO_OAUTH_SERVER_ERROR');
        expect((err as AttioOAuthError).status).toBe(503);
      },
    );
    expect(requests).toHaveLength(1);
  });

  it('when the token endpoint redirects, then the code and secret are not re-posted to the new location', async () => {
    const requests = await withServer(
      { status: 307, body: '', headers: { location: '/elsewhere' } },
      async (opts) => {
        const err = await rejection(exchangeCode(opts));
        expect((err as AttioOAuthError).status).toBe(307);
        expectNoSecrets(err);
      },
    );
    expect(requests.map((r) => r.url)).toEqual(['/oauth/token']);
  });

  it('when the token endpoint redirects an exchange over an injected fetch, then the code and secret are not re-posted either', async () => {
    const requests = await withServer(
      { status: 307, body: '', headers: { location: '/elsewhere' } },
      async (opts) => {
        const err = await rejection(exchangeCode({ ...opts, fetch: globalThis.fetch }));
        expect((err as AttioOAuthError).status).toBe(307);
        expectNoSecrets(err);
      },
    );
    expect(requests.map((r) => r.url)).toEqual(['/oauth/token']);
  });

  it('when the connection is reset after the request was sent, then AttioConnectionError reset, sent once', async () => {
    const requests = await withServer({ reset: true }, async (opts) => {
      const err = await rejection(exchangeCode(opts));
      expect(err).toBeInstanceOf(AttioConnectionError);
      expect((err as AttioConnectionError).reason).toBe('reset');
      expectNoSecrets(err);
    });
    expect(requests).toHaveLength(1);
  });

  it('when nothing listens, then AttioConnectionError refused', async () => {
    const url = await closedPortUrl();
    const err = await rejection(
      exchangeCode({
        code: CODE,
        clientId: 'c',
        clientSecret: SECRET,
        redirectUri: 'http://x/cb',
        tokenUrl: `${url}/oauth/token`,
      }),
    );
    expect(err).toBeInstanceOf(AttioConnectionError);
    expect((err as AttioConnectionError).reason).toBe('refused');
    expect((err as AttioConnectionError).code).toBe('ATTIO_CONNECTION');
  });

  it('when the server never answers, then AttioTimeoutError after timeoutMs', async () => {
    await withServer({ hang: true }, async (opts) => {
      const err = await rejection(exchangeCode({ ...opts, timeoutMs: 150 }));
      expect(err).toBeInstanceOf(AttioTimeoutError);
      expect((err as AttioTimeoutError).code).toBe('ATTIO_TIMEOUT');
    });
  });

  it('when the caller aborts, then AttioAbortError', async () => {
    await withServer({ hang: true }, async (opts) => {
      const controller = new AbortController();
      const pending = exchangeCode({ ...opts, signal: controller.signal });
      setImmediate(() => controller.abort());
      const err = await rejection(pending);
      expect(err).toBeInstanceOf(AttioAbortError);
    });
  });

  it.each([
    ['not JSON', '<html>ok</html>', 'was not JSON'],
    ['an array', '[]', 'was not a JSON object'],
    ['no access_token', '{"token_type":"Bearer"}', 'had no usable access_token'],
    [
      'a MAC token',
      '{"access_token":"t","token_type":"mac"}',
      'had token_type "mac" where "Bearer" was expected',
    ],
  ])(
    'when a 200 body is %s, then AttioResponseValidationError saying so',
    async (_what, body, phrase) => {
      await withServer({ status: 200, body }, async (opts) => {
        const err = await rejection(exchangeCode(opts));
        expect(err).toBeInstanceOf(AttioResponseValidationError);
        expect((err as AttioResponseValidationError).code).toBe('ATTIO_UNEXPECTED_RESPONSE');
        expect(err.message).toContain(`The token endpoint answered 200 but its body ${phrase}.`);
      });
    },
  );
});
