import { createRateLimiter } from './rate-limit.js';

describe('createRateLimiter', () => {
  it('when a key makes max requests in a window, then the next one is refused until the window ends', () => {
    let now = 1_000;
    const limiter = createRateLimiter({ windowMs: 60_000, max: 3, now: () => now });
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a')].map((v) => v.allowed)).toEqual([
      true,
      true,
      true,
    ]);
    now += 15_000;
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterMs: 45_000 });
    now += 45_000;
    expect(limiter.hit('a')).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('when two keys share the limiter, then each has its own budget', () => {
    const limiter = createRateLimiter({ windowMs: 1_000, max: 1, now: () => 0 });
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('b').allowed).toBe(true);
    expect(limiter.hit('a').allowed).toBe(false);
  });

  it('when more distinct keys arrive than maxKeys, then expired and then oldest entries are dropped', () => {
    let now = 0;
    const limiter = createRateLimiter({ windowMs: 1_000, max: 1, now: () => now, maxKeys: 3 });
    limiter.hit('a');
    limiter.hit('b');
    limiter.hit('c');
    now = 2_000;
    limiter.hit('d');
    expect(limiter.size).toBe(1);
    limiter.hit('e');
    limiter.hit('f');
    limiter.hit('g');
    expect(limiter.size).toBe(3);
  });
});
