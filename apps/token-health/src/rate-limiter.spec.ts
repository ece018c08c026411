import { createRateLimiter } from './rate-limiter.js';

/** A fake clock whose sleep advances time instantly and records each wait. */
function fakeClock() {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    waits,
    advance: (ms: number) => (now += ms),
  };
}

describe('createRateLimiter', () => {
  it('when acquiring sequentially beyond the burst, then each extra slot waits one interval', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ perSecond: 10, burst: 2, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 5; i += 1) await limiter.acquire();
    expect(clock.waits).toEqual([100, 100, 100]);
  });

  it('when many callers acquire at once, then their slots are spaced by the interval', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ perSecond: 4, burst: 1, now: clock.now, sleep: async (ms) => void clock.waits.push(ms) });
    await Promise.all(Array.from({ length: 4 }, () => limiter.acquire()));
    expect(clock.waits).toEqual([250, 500, 750]);
  });

  it('when the limiter was idle, then a full burst is available again', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ perSecond: 10, burst: 3, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 3; i += 1) await limiter.acquire();
    clock.advance(10_000);
    for (let i = 0; i < 3; i += 1) await limiter.acquire();
    expect(clock.waits).toEqual([]);
  });

  it('when the rate is not positive, then creation fails', () => {
    expect(() => createRateLimiter({ perSecond: 0, now: Date.now, sleep: async () => undefined })).toThrow('perSecond must be > 0, got 0');
  });
});
