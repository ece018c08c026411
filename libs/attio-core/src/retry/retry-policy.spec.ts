import {
  AttioAbortError,
  AttioConnectionError,
  AttioTimeoutError,
  fromResponse,
} from '@attio-auth/attio-errors';
import { computeBackoff, decideRetry, DEFAULT_RETRY, isIdempotent } from './retry-policy.js';

const now = Date.parse('2026-01-01T00:00:00Z');
const rateLimited = (retryAfter?: string) =>
  fromResponse(429, retryAfter ? { 'retry-after': retryAfter } : {}, '', {
    now,
  });
const half = () => 0.5;

describe('decideRetry', () => {
  it('when a POST is rate limited with Retry-After, then it retries after exactly that delay with a shared pause', () => {
    expect(decideRetry({ attempt: 1, method: 'POST', error: rateLimited('2') })).toEqual({
      retry: true,
      delayMs: 2000,
      sharedPause: true,
      reason: 'rate limited (429), waiting Retry-After',
    });
  });

  it('when Retry-After exceeds the cap, then the delay is the cap', () => {
    const decision = decideRetry({
      attempt: 1,
      method: 'GET',
      error: rateLimited('3600'),
    });
    expect(decision).toMatchObject({
      retry: true,
      delayMs: DEFAULT_RETRY.maxRetryAfterMs,
    });
  });

  it('when a 429 has no Retry-After, then it backs off with jitter and still pauses the client', () => {
    expect(
      decideRetry({
        attempt: 2,
        method: 'PATCH',
        error: rateLimited(),
        random: half,
      }),
    ).toEqual({
      retry: true,
      delayMs: 250,
      sharedPause: true,
      reason: 'rate limited (429) without Retry-After, backing off',
    });
  });

  it.each(['GET', 'PUT', 'DELETE', 'HEAD', 'get'])(
    'when %s gets a 503, then it is retried with backoff',
    (method) => {
      expect(
        decideRetry({
          attempt: 1,
          method,
          error: fromResponse(503, {}, ''),
          random: half,
        }),
      ).toEqual({
        retry: true,
        delayMs: 125,
        sharedPause: false,
        reason: `ATTIO_SERVER_ERROR on idempotent ${method.toUpperCase()}, backing off`,
      });
    },
  );

  it.each(['POST', 'PATCH'])(
    'when %s gets a 503, a 408, a timeout or a reset, then it is not retried',
    (method) => {
      for (const error of [
        fromResponse(503, {}, ''),
        fromResponse(408, {}, ''),
        new AttioTimeoutError({ message: 't' }),
        new AttioConnectionError({ message: 'c', reason: 'reset' }),
      ]) {
        expect(decideRetry({ attempt: 1, method, error })).toEqual({
          retry: false,
          reason: `${method} is not idempotent; not retrying ${error.code}`,
        });
      }
    },
  );

  it('when a POST is declared idempotent (its duplicate is harmless), then a 503 or a reset is retried', () => {
    for (const error of [
      fromResponse(503, {}, ''),
      new AttioConnectionError({ message: 'c', reason: 'reset' }),
    ]) {
      expect(
        decideRetry({ attempt: 1, method: 'POST', idempotent: true, error, random: half }),
      ).toEqual({
        retry: true,
        delayMs: 125,
        sharedPause: false,
        reason: `${error.code} on idempotent POST, backing off`,
      });
    }
  });

  it('when a GET gets 408, a timeout or a connection error, then it is retried', () => {
    for (const error of [
      fromResponse(408, {}, ''),
      new AttioTimeoutError({ message: 't' }),
      new AttioConnectionError({ message: 'c', reason: 'dns' }),
    ]) {
      expect(decideRetry({ attempt: 1, method: 'GET', error }).retry).toBe(true);
    }
  });

  it('when the error is a 4xx other than 408/429, an abort, a 501 or not an Attio error, then it is not retried', () => {
    for (const error of [
      fromResponse(400, {}, ''),
      fromResponse(401, {}, ''),
      fromResponse(404, {}, ''),
      fromResponse(501, {}, ''),
    ]) {
      expect(decideRetry({ attempt: 1, method: 'GET', error })).toEqual({
        retry: false,
        reason: `${error.code} is not retryable`,
      });
    }
    expect(
      decideRetry({
        attempt: 1,
        method: 'GET',
        error: new AttioAbortError({ message: 'a' }),
      }).retry,
    ).toBe(false);
    expect(decideRetry({ attempt: 1, method: 'GET', error: new Error('x') })).toEqual({
      retry: false,
      reason: 'not an Attio error',
    });
  });

  it('when the attempts exceed the retries, then it gives up', () => {
    expect(decideRetry({ attempt: 4, method: 'GET', error: rateLimited('1') })).toEqual({
      retry: false,
      reason: 'gave up after 4 attempts',
    });
    expect(decideRetry({ attempt: 3, method: 'GET', error: rateLimited('1') }).retry).toBe(true);
    expect(
      decideRetry({
        attempt: 1,
        method: 'GET',
        error: rateLimited('1'),
        options: { ...DEFAULT_RETRY, retries: 0 },
      }).retry,
    ).toBe(false);
  });
});

describe('computeBackoff', () => {
  it('when attempts grow, then the jitter ceiling doubles up to maxDelayMs', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => computeBackoff(a, DEFAULT_RETRY, top))).toEqual([
      249, 499, 999, 1999, 3999, 7999, 7999, 7999,
    ]);
  });

  it('when random is 0, then the delay is 0 (full jitter)', () => {
    expect(computeBackoff(5, DEFAULT_RETRY, () => 0)).toBe(0);
  });
});

describe('isIdempotent', () => {
  it('when asked, then GET/PUT/DELETE/HEAD/OPTIONS are idempotent and POST/PATCH are not', () => {
    expect(['GET', 'put', 'DELETE', 'HEAD', 'OPTIONS'].every(isIdempotent)).toBe(true);
    expect(['POST', 'patch'].some(isIdempotent)).toBe(false);
  });
});
