import { AttioOAuthError } from './errors/attio-oauth-error.js';
import { oauthErrorFromRedirect, oauthErrorFromResponse } from './oauth-errors.js';

describe('oauthErrorFromResponse', () => {
  it('when the token endpoint answers 400 invalid_grant, then code and fields follow RFC 6749 §5.2', () => {
    const err = oauthErrorFromResponse(
      400,
      {},
      JSON.stringify({
        error: 'invalid_grant',
        error_description: 'Code already used',
      }),
      { method: 'POST', url: 'https://app.attio.com/oauth/token' },
    );
    expect(err).toBeInstanceOf(AttioOAuthError);
    expect(err.code).toBe('ATTIO_OAUTH_INVALID_GRANT');
    expect(err.oauthError).toBe('invalid_grant');
    expect(err.oauthErrorDescription).toBe('Code already used');
    expect(err.status).toBe(400);
    expect(err.message).toBe(
      'Attio OAuth endpoint answered HTTP 400 invalid_grant to POST https://app.attio.com/oauth/token: Code already used. ' +
        'Start the install again; codes are single-use, so never retry an exchange that reached Attio.',
    );
  });

  it('when invalid_grant comes as a 401 (as the seed claims), then it is still invalid_grant', () => {
    expect(oauthErrorFromResponse(401, {}, '{"error":"invalid_grant"}').code).toBe(
      'ATTIO_OAUTH_INVALID_GRANT',
    );
  });

  it.each([
    ['invalid_client', 'ATTIO_OAUTH_INVALID_CLIENT'],
    ['invalid_request', 'ATTIO_OAUTH_INVALID_REQUEST'],
    ['unauthorized_client', 'ATTIO_OAUTH_UNAUTHORIZED_CLIENT'],
    ['unsupported_grant_type', 'ATTIO_OAUTH_UNSUPPORTED_GRANT_TYPE'],
    ['invalid_scope', 'ATTIO_OAUTH_INVALID_SCOPE'],
    ['server_error', 'ATTIO_OAUTH_SERVER_ERROR'],
    ['temporarily_unavailable', 'ATTIO_OAUTH_TEMPORARILY_UNAVAILABLE'],
    ['brand_new_error', 'ATTIO_OAUTH_ERROR'],
  ])('when error is %s, then the code is %s', (error, code) => {
    expect(oauthErrorFromResponse(400, {}, JSON.stringify({ error })).code).toBe(code);
  });

  it('when the body is form-urlencoded, then error and description are read', () => {
    const err = oauthErrorFromResponse(
      400,
      {},
      'error=invalid_client&error_description=Bad+secret',
    );
    expect(err.oauthError).toBe('invalid_client');
    expect(err.oauthErrorDescription).toBe('Bad secret');
  });

  it('when a 5xx body is HTML, then it is a server_error quoting the page', () => {
    const err = oauthErrorFromResponse(503, {}, '<html><title>Service Unavailable</title></html>');
    expect(err.code).toBe('ATTIO_OAUTH_SERVER_ERROR');
    expect(err.message).toContain('non-JSON body "Service Unavailable"');
  });

  it('when the token endpoint rate-limits with a REST-style body, then it is temporarily_unavailable with Retry-After', () => {
    const err = oauthErrorFromResponse(
      429,
      { 'retry-after': '2' },
      JSON.stringify({
        status_code: 429,
        type: 'rate_limit_error',
        code: 'rate_limit_exceeded',
        message: 'Rate limit exceeded',
      }),
    );
    expect(err.oauthError).toBe('temporarily_unavailable');
    expect(err.code).toBe('ATTIO_OAUTH_TEMPORARILY_UNAVAILABLE');
    expect(err.retryAfterMs).toBe(2000);
  });

  it('when a 4xx body has no readable error, then oauthError is unknown_error', () => {
    const err = oauthErrorFromResponse(400, {}, '');
    expect(err.oauthError).toBe('unknown_error');
    expect(err.code).toBe('ATTIO_OAUTH_ERROR');
  });

  it('when the description echoes the client secret or code, then they are masked everywhere', () => {
    const err = oauthErrorFromResponse(
      400,
      {},
      JSON.stringify({
        error: 'invalid_client',
        error_description: 'client_secret=topsecret1 code=abcd1234 rejected',
      }),
      { secrets: ['topsecret1', 'abcd1234'] },
    );
    for (const text of [
      err.message,
      err.stack ?? '',
      JSON.stringify(err.toJSON()),
      err.oauthErrorDescription ?? '',
    ]) {
      expect(text).not.toContain('topsecret1');
      expect(text).not.toContain('abcd1234');
    }
  });
});

describe('oauthErrorFromRedirect', () => {
  it('when the user denied consent, then it is access_denied without a status', () => {
    const err = oauthErrorFromRedirect('access_denied', 'The user denied the request');
    expect(err.code).toBe('ATTIO_OAUTH_ACCESS_DENIED');
    expect(err.status).toBeUndefined();
    expect(err.message).toBe(
      'Attio OAuth error access_denied: The user denied the request. Nothing is wrong with the app; the user can start the install again.',
    );
  });

  it('when error is empty, then it is unknown_error', () => {
    expect(oauthErrorFromRedirect('  ').oauthError).toBe('unknown_error');
  });
});
