import { describe, expect, it } from '@jest/globals';
import { backoffDelayMs, nextAttempt } from './backoff.js';

const DAY = 86_400_000;

describe('backoffDelayMs', () => {
  it.each([
    [1, 0.5, 500],
    [2, 0.5, 1_000],
    [3, 0.5, 2_000],
    [11, 0.5, 450_000], // 1 s × 2^10 = 1024 s, capped at 900 s
    [40, 0.999, 899_100],
    [1_000, 0.999, 899_100],
  ])(
    'when %i attempts failed and random is %d, then the delay is %i ms',
    (attempts, r, expected) => {
      expect(backoffDelayMs(attempts, { random: () => r })).toBe(expected);
    },
  );

  it('when random is 0, then the delay is 0 (full jitter spans the whole range)', () => {
    expect(backoffDelayMs(5, { random: () => 0 })).toBe(0);
  });

  it('when base and cap are given, then they are used', () => {
    expect(backoffDelayMs(4, { baseMs: 100, capMs: 500, random: () => 0.5 })).toBe(250);
  });
});

describe('nextAttempt', () => {
  const base = { firstAttemptAtMs: 1_000_000, maxAgeMs: DAY, random: () => 0.5 };

  it('when the first attempt failed, then the retry is half the base delay later with random 0.5', () => {
    expect(nextAttempt({ ...base, attempts: 1, nowMs: 1_000_000 })).toEqual({
      retryAtMs: 1_000_500,
    });
  });

  it('when Retry-After is longer than the backoff, then Retry-After wins', () => {
    expect(nextAttempt({ ...base, attempts: 1, nowMs: 1_000_000, retryAfterMs: 30_000 })).toEqual({
      retryAtMs: 1_030_000,
    });
  });

  it('when Retry-After is shorter than the backoff, then the backoff wins', () => {
    expect(nextAttempt({ ...base, attempts: 5, nowMs: 1_000_000, retryAfterMs: 1_000 })).toEqual({
      retryAtMs: 1_008_000,
    });
  });

  it('when the backoff would pass the maximum age, then the retry is clamped to the deadline', () => {
    const nowMs = 1_000_000 + DAY - 10_000;
    expect(nextAttempt({ ...base, attempts: 20, nowMs })).toEqual({ retryAtMs: 1_000_000 + DAY });
  });

  it('when the maximum age has passed, then the event is dead-lettered', () => {
    expect(nextAttempt({ ...base, attempts: 30, nowMs: 1_000_000 + DAY })).toEqual({
      deadLetter: true,
      reason: 'max_age',
    });
  });

  it('when Retry-After asks to wait past the maximum age, then the event is dead-lettered', () => {
    expect(
      nextAttempt({ ...base, attempts: 2, nowMs: 1_000_000 + DAY - 5_000, retryAfterMs: 60_000 }),
    ).toEqual({
      deadLetter: true,
      reason: 'retry_after_beyond_max_age',
    });
  });
});
