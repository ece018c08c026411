import { parseRetryAfter } from './retry-after.js';

const now = Date.parse('Tue, 23 May 2023 14:42:00 GMT');

describe('parseRetryAfter', () => {
  it('when given delay-seconds, then it returns milliseconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it('when given an HTTP date in the future, then it returns the distance from now', () => {
    expect(parseRetryAfter('Tue, 23 May 2023 14:42:01 GMT', now)).toBe(1000);
    expect(parseRetryAfter('Tuesday, 23-May-23 14:42:03 GMT', now)).toBe(3000);
  });

  it('when given an HTTP date in the past, then it returns 0', () => {
    expect(parseRetryAfter('Tue, 23 May 2023 14:41:00 GMT', now)).toBe(0);
  });

  it('when the value is missing or unparseable, then it returns undefined', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('12abc', now)).toBeUndefined();
  });
});
