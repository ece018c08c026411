import { describe, expect, it } from '@jest/globals';

import { attemptFor, MAX_ERROR_LENGTH } from './attempt-for-outcome.js';
import type { RetryPolicy } from './worker-types.js';

/** Retry in 1 s unless Retry-After says more; dead once past the max age from the first attempt. */
const policy: RetryPolicy = ({ firstAttemptAtMs, nowMs, retryAfterMs, maxAgeMs }) =>
  nowMs - firstAttemptAtMs >= maxAgeMs
    ? { deadLetter: true }
    : { retryAtMs: nowMs + Math.max(1_000, retryAfterMs ?? 0) };

const fresh = { attempts: 0, firstAttemptAt: null };

describe('attemptFor', () => {
  it('when the receiver answered 2xx, then the attempt is delivered with its status', () => {
    expect(
      attemptFor({ kind: 'delivered', status: 204 }, fresh, { nowMs: 5, maxAgeMs: 10, policy }),
    ).toEqual({
      outcome: 'delivered',
      status: 204,
      at: new Date(5),
    });
  });

  it('when the receiver answered 410, then the attempt is gone', () => {
    expect(attemptFor({ kind: 'gone' }, fresh, { nowMs: 5, maxAgeMs: 10, policy })).toEqual({
      outcome: 'gone',
      status: 410,
      at: new Date(5),
    });
  });

  it('when a first attempt failed with Retry-After, then it retries after it', () => {
    expect(
      attemptFor({ kind: 'retry', status: 503, retryAfterMs: 30_000, error: 'HTTP 503' }, fresh, {
        nowMs: 1_000,
        maxAgeMs: 60_000,
        policy,
      }),
    ).toEqual({
      outcome: 'retry',
      status: 503,
      error: 'HTTP 503',
      at: new Date(1_000),
      retryAt: new Date(31_000),
    });
  });

  it('when the failures ran past the max age from the first attempt, then it is dead', () => {
    expect(
      attemptFor(
        { kind: 'retry', error: 'connection refused' },
        { attempts: 7, firstAttemptAt: new Date(0) },
        { nowMs: 60_000, maxAgeMs: 60_000, policy },
      ),
    ).toEqual({ outcome: 'dead', status: null, error: 'connection refused', at: new Date(60_000) });
  });

  it('when the error text is long, then the log keeps its first 500 characters', () => {
    const attempt = attemptFor({ kind: 'retry', status: 500, error: 'x'.repeat(2_000) }, fresh, {
      nowMs: 0,
      maxAgeMs: 60_000,
      policy,
    });
    expect(attempt.outcome === 'retry' && attempt.error.length).toBe(MAX_ERROR_LENGTH);
  });
});
