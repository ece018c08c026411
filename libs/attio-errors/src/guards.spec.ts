import { ErrorCode } from './error-codes.js';
import { AttioAbortError } from './errors/attio-abort-error.js';
import { AttioConnectionError } from './errors/attio-connection-error.js';
import { AttioOAuthError } from './errors/attio-oauth-error.js';
import { AttioTimeoutError } from './errors/attio-timeout-error.js';
import { fromResponse } from './from-response.js';
import {
  isAbortError,
  isAttioError,
  isAuthenticationError,
  isConnectionError,
  isOAuthError,
  isPermissionError,
  isRateLimitError,
  isServerError,
  isTimeoutError,
  isTransientError,
} from './guards.js';

/** Simulates an error thrown by a second copy of the package: same shape, different class identity. */
function foreign(name: string, code: string, status?: number): Error {
  class Foreign extends Error {}
  return Object.assign(new Foreign('from another copy'), {
    name,
    code,
    status,
  });
}

describe('guards', () => {
  it('when the error comes from this copy, then instanceof-based guards match', () => {
    expect(isAuthenticationError(fromResponse(401, {}, ''))).toBe(true);
    expect(isPermissionError(fromResponse(403, {}, ''))).toBe(true);
    expect(isRateLimitError(fromResponse(429, {}, ''))).toBe(true);
    expect(isServerError(fromResponse(502, {}, ''))).toBe(true);
    expect(isConnectionError(new AttioConnectionError({ message: 'x' }))).toBe(true);
    expect(isTimeoutError(new AttioTimeoutError({ message: 'x' }))).toBe(true);
    expect(isAbortError(new AttioAbortError({ message: 'x' }))).toBe(true);
    expect(isOAuthError(new AttioOAuthError({ message: 'x', oauthError: 'invalid_grant' }))).toBe(
      true,
    );
  });

  it('when the error comes from another copy of the package, then guards match by name', () => {
    expect(isAttioError(foreign('AttioRateLimitError', ErrorCode.RATE_LIMITED, 429))).toBe(true);
    expect(isRateLimitError(foreign('AttioRateLimitError', ErrorCode.RATE_LIMITED, 429))).toBe(
      true,
    );
    expect(
      isAuthenticationError(foreign('AttioAuthenticationError', ErrorCode.AUTHENTICATION, 401)),
    ).toBe(true);
    expect(isAuthenticationError(foreign('AttioRateLimitError', ErrorCode.RATE_LIMITED, 429))).toBe(
      false,
    );
  });

  it('when the value only looks similar, then it is not an AttioError', () => {
    expect(isAttioError(foreign('AttioRateLimitError', 'E_OTHER'))).toBe(false);
    expect(isAttioError(foreign('TypeError', ErrorCode.RATE_LIMITED))).toBe(false);
    expect(isAttioError({ name: 'AttioError', code: 'ATTIO_TIMEOUT' })).toBe(false);
    expect(isAttioError(null)).toBe(false);
    expect(isAttioError('AttioError')).toBe(false);
  });
});

describe('isTransientError', () => {
  it.each([
    ['a connection error', new AttioConnectionError({ message: 'x', reason: 'reset' })],
    ['a timeout', new AttioTimeoutError({ message: 'x' })],
    ['a 500', fromResponse(500, {}, '')],
    ['a 503', fromResponse(503, {}, '')],
    ['a 429', fromResponse(429, {}, '')],
    ['a 408', fromResponse(408, {}, '')],
    [
      'an OAuth temporarily_unavailable',
      new AttioOAuthError({
        message: 'x',
        oauthError: 'temporarily_unavailable',
      }),
    ],
    ['a foreign 502', foreign('AttioServerError', ErrorCode.SERVER_ERROR, 502)],
  ])('when it is %s, then it is transient', (_label, err) => {
    expect(isTransientError(err)).toBe(true);
  });

  it.each([
    ['a 401', fromResponse(401, {}, '')],
    ['a 403', fromResponse(403, {}, '')],
    ['a 404', fromResponse(404, {}, '')],
    ['an abort', new AttioAbortError({ message: 'x' })],
    ['invalid_grant', new AttioOAuthError({ message: 'x', oauthError: 'invalid_grant' })],
    ['a plain Error', new Error('ECONNRESET')],
  ])('when it is %s, then it is not transient', (_label, err) => {
    expect(isTransientError(err)).toBe(false);
  });
});
