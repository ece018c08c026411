import { AttioError } from './attio-error.js';
import { AttioAuthenticationError } from './errors/attio-authentication-error.js';
import { AttioBadRequestError } from './errors/attio-bad-request-error.js';
import { AttioPermissionError } from './errors/attio-permission-error.js';
import { AttioRateLimitError } from './errors/attio-rate-limit-error.js';
import { AttioServerError } from './errors/attio-server-error.js';
import { fromResponse } from './from-response.js';
import { REDACTED } from './redact.js';

const body = (status: number, type: string, code: string, message: string): string =>
  JSON.stringify({ status_code: status, type, code, message });

describe('fromResponse', () => {
  it('when Attio answers 401 with its JSON body, then it returns an authentication error with every field', () => {
    const err = fromResponse(
      401,
      { 'x-request-id': 'req_1' },
      body(401, 'auth_error', 'unauthorized', 'Invalid token'),
      {
        method: 'get',
        url: 'https://api.attio.com/v2/objects',
      },
    );
    expect(err).toBeInstanceOf(AttioAuthenticationError);
    expect(err).toBeInstanceOf(AttioError);
    expect(err.name).toBe('AttioAuthenticationError');
    expect(err.code).toBe('ATTIO_AUTHENTICATION');
    expect(err.status).toBe(401);
    expect(err.attioType).toBe('auth_error');
    expect(err.attioCode).toBe('unauthorized');
    expect(err.attioMessage).toBe('Invalid token');
    expect(err.requestId).toBe('req_1');
    expect(err.method).toBe('GET');
    expect(err.message).toBe(
      'Attio answered HTTP 401 unauthorized to GET https://api.attio.com/v2/objects: Invalid token. ' +
        'Check the token is complete; if it was revoked or the app uninstalled, create a new access token or reinstall the app.',
    );
  });

  it.each([
    [400, 'ATTIO_BAD_REQUEST', 'AttioBadRequestError'],
    [404, 'ATTIO_NOT_FOUND', 'AttioNotFoundError'],
    [409, 'ATTIO_CONFLICT', 'AttioConflictError'],
    [413, 'ATTIO_PAYLOAD_TOO_LARGE', 'AttioPayloadTooLargeError'],
    [429, 'ATTIO_RATE_LIMITED', 'AttioRateLimitError'],
    [500, 'ATTIO_SERVER_ERROR', 'AttioServerError'],
    [503, 'ATTIO_SERVER_ERROR', 'AttioServerError'],
    [408, 'ATTIO_UNEXPECTED_STATUS', 'AttioError'],
    [418, 'ATTIO_UNEXPECTED_STATUS', 'AttioError'],
    [302, 'ATTIO_UNEXPECTED_STATUS', 'AttioError'],
  ])('when the status is %i, then the code is %s and the class %s', (status, code, name) => {
    const err = fromResponse(status, {}, '');
    expect(err.code).toBe(code);
    expect(err.name).toBe(name);
    expect(err.status).toBe(status);
  });

  it('when a 403 code or message mentions scopes, then it is ATTIO_INSUFFICIENT_SCOPES', () => {
    const a = fromResponse(
      403,
      {},
      body(403, 'auth_error', 'insufficient_scopes', 'Missing scope'),
    );
    const b = fromResponse(
      403,
      {},
      body(403, 'auth_error', 'unauthorized', "Token requires 'note:read' scope"),
    );
    for (const err of [a, b]) {
      expect(err).toBeInstanceOf(AttioPermissionError);
      expect(err.code).toBe('ATTIO_INSUFFICIENT_SCOPES');
    }
  });

  it('when a 403 is a billing error, then it is ATTIO_FORBIDDEN', () => {
    const err = fromResponse(
      403,
      {},
      body(403, 'auth_error', 'billing_error', 'Plan does not include API access'),
    );
    expect(err.code).toBe('ATTIO_FORBIDDEN');
    expect(err.remedy.cause).toContain('billing_error');
  });

  it('when a 400 carries validation errors, then they are parsed with paths as string lists', () => {
    const text = JSON.stringify({
      status_code: 400,
      type: 'invalid_request_error',
      code: 'validation_type',
      message: 'Body payload validation error.',
      validation_errors: [
        {
          code: 'invalid_type',
          path: ['data', 'values'],
          message: 'Expected object',
        },
        { code: 7, path: 'limit', message: null },
        'junk',
      ],
    });
    const err = fromResponse(400, {}, text);
    expect(err).toBeInstanceOf(AttioBadRequestError);
    expect(err.validationErrors).toEqual([
      {
        code: 'invalid_type',
        path: ['data', 'values'],
        message: 'Expected object',
      },
      { code: 'unknown', path: ['limit'], message: '' },
    ]);
  });

  it('when a 429 carries Retry-After as an HTTP date, then retryAfterMs is measured from context.now', () => {
    const now = Date.parse('Tue, 23 May 2023 14:42:00 GMT');
    const err = fromResponse(
      429,
      new Headers({ 'Retry-After': 'Tue, 23 May 2023 14:42:01 GMT' }),
      body(
        429,
        'rate_limit_error',
        'rate_limit_exceeded',
        'Rate limit exceeded, please try again later',
      ),
      { now },
    );
    expect(err).toBeInstanceOf(AttioRateLimitError);
    expect(err.retryAfterMs).toBe(1000);
  });

  it('when a proxy answers 502 with an HTML page, then the message quotes the page title', () => {
    const html =
      '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr>nginx</body></html>';
    const err = fromResponse(502, { 'content-type': 'text/html' }, html, {
      method: 'GET',
      url: 'https://api.attio.com/v2/self',
    });
    expect(err).toBeInstanceOf(AttioServerError);
    expect(err.attioCode).toBeUndefined();
    expect(err.message).toBe(
      'Attio answered HTTP 502 to GET https://api.attio.com/v2/self: non-JSON body "502 Bad Gateway". ' +
        'Retry later with backoff; only idempotent requests are retried automatically. Check status.attio.com if it persists.',
    );
  });

  it('when the body is empty, truncated JSON or wrong-typed JSON, then it still builds a useful error', () => {
    expect(fromResponse(500, {}, '').message).toMatch(/^Attio answered HTTP 500: empty body\. /);
    expect(fromResponse(500, {}, undefined).message).toMatch(
      /^Attio answered HTTP 500: empty body\. /,
    );
    expect(fromResponse(404, {}, '{"status_code":404,"type":"invalid_req').message).toMatch(
      /^Attio answered HTTP 404: non-JSON body "\{"status_code":404,"type":"invalid_req"\. /,
    );
    const wrong = fromResponse(404, {}, '{"code":12,"message":["x"],"type":null}');
    expect(wrong.attioCode).toBeUndefined();
    expect(wrong.attioMessage).toBeUndefined();
    expect(wrong.message).toMatch(/^Attio answered HTTP 404: no error message in the body\. /);
    expect(fromResponse(500, {}, '[1,2]').message).toMatch(
      /^Attio answered HTTP 500: non-JSON body "\[1,2\]"\. /,
    );
    expect(fromResponse(500, {}, '"oops"').message).toMatch(
      /^Attio answered HTTP 500: non-JSON body "oops"\. /,
    );
    expect(fromResponse(500, {}, 'null').message).toMatch(
      /^Attio answered HTTP 500: non-JSON body "null"\. /,
    );
  });

  it('when the headers object throws, then fromResponse still returns an error instead of throwing', () => {
    const hostile = {
      get [Symbol.iterator]() {
        throw new Error('boom');
      },
    } as unknown as Headers;
    const err = fromResponse(500, hostile, 'x');
    expect(err.code).toBe('ATTIO_UNEXPECTED_STATUS');
    expect(err.message).toBe('Attio answered HTTP 500 and the response could not be read.');
  });

  it('when the body echoes the token, then message, stack, url and toJSON never contain it', () => {
    const token = 'plain0token0value0without0prefix';
    const err = fromResponse(
      401,
      {},
      body(
        401,
        'auth_error',
        'unauthorized',
        `Token ${token} (Bearer sk_live_zzzzzz999) is invalid`,
      ),
      {
        method: 'GET',
        url: `https://api.attio.com/v2/self?access_token=${token}`,
        secrets: [token],
      },
    );
    const everything = [
      err.message,
      err.stack ?? '',
      err.url ?? '',
      JSON.stringify(err),
      JSON.stringify(err.toJSON()),
    ];
    for (const text of everything) {
      expect(text).not.toContain(token);
      expect(text).not.toContain('sk_live_zzzzzz999');
    }
    expect(err.attioMessage).toBe(`Token ${REDACTED} (Bearer ${REDACTED}) is invalid`);
    expect(err.stack?.split('\n')[0]).toBe(`AttioAuthenticationError: ${err.message}`);
  });

  it('when serialised, then toJSON holds name, code, status, remedy and no stack', () => {
    const json = fromResponse(
      404,
      {},
      body(404, 'invalid_request_error', 'not_found', 'Object not found'),
    ).toJSON();
    expect(json).toEqual({
      name: 'AttioNotFoundError',
      code: 'ATTIO_NOT_FOUND',
      message: expect.stringContaining('Object not found.'),
      status: 404,
      attioType: 'invalid_request_error',
      attioCode: 'not_found',
      attioMessage: 'Object not found',
      remedy: {
        cause:
          'The addressed object, record, list or entry does not exist in this workspace (a revoked token gives 401, not 404).',
        action: 'Check the slug or id and that the token belongs to the intended workspace.',
      },
    });
  });
});
