import { createFakeClock } from '../testing/fake-clock.js';
import { SharedPause } from '../retry/shared-pause.js';
import { SlidingWindowThrottle } from './sliding-window-throttle.js';

describe('SlidingWindowThrottle', () => {
  it('when more requests than the limit arrive at once, then they start in FIFO order, at most N per second', async () => {
    const clock = createFakeClock(0);
    const throttle = new SlidingWindowThrottle(3, clock);
    const starts: { id: number; at: number }[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, id) =>
        throttle.acquire().then((done) => {
          starts.push({ id, at: clock.now() });
          done();
        }),
      ),
    );
    expect(starts).toEqual([
      { id: 0, at: 0 },
      { id: 1, at: 0 },
      { id: 2, at: 0 },
      { id: 3, at: 1000 },
      { id: 4, at: 1000 },
      { id: 5, at: 1000 },
      { id: 6, at: 2000 },
      { id: 7, at: 2000 },
    ]);
  });

  it('when a longer window is given, then at most N start in any such window (a per-minute limit)', async () => {
    const clock = createFakeClock(0);
    const throttle = new SlidingWindowThrottle(2, clock, 60_000);
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 5 }, () =>
        throttle.acquire().then((done) => {
          starts.push(clock.now());
          done();
        }),
      ),
    );
    expect(starts).toEqual([0, 0, 60_000, 60_000, 120_000]);
    expect(() => new SlidingWindowThrottle(2, clock, 0)).toThrow(
      'windowMs must be a positive number, got 0',
    );
  });

  it('when requests are spread out, then no 1-second window ever holds more than N starts', async () => {
    const clock = createFakeClock(0);
    const throttle = new SlidingWindowThrottle(2, clock);
    const at: number[] = [];
    for (const gap of [0, 300, 300, 300, 100, 0, 900]) {
      clock.advance(gap);
      (await throttle.acquire())();
      at.push(clock.now());
    }
    expect(at).toEqual([0, 300, 1000, 1300, 2000, 2300, 3200]);
    for (const t of at)
      expect(at.filter((u) => u > t - 1000 && u <= t).length).toBeLessThanOrEqual(2);
  });

  it('when a waiting caller aborts, then it rejects and gives its slot to the next one', async () => {
    const clock = createFakeClock(0, 'manual');
    const throttle = new SlidingWindowThrottle(1, clock);
    (await throttle.acquire())();
    const controller = new AbortController();
    const aborted = throttle.acquire(controller.signal);
    const next = throttle.acquire();
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    // The aborted waiter consumed no slot: the next one needs only one window to pass.
    clock.release(1000);
    await expect(next).resolves.toEqual(expect.any(Function));
  });

  it('when requests complete late, then a slot frees one window after completion, not after the start', async () => {
    const clock = createFakeClock(0, 'manual');
    const throttle = new SlidingWindowThrottle(2, clock);
    const first = await throttle.acquire();
    const second = await throttle.acquire();
    let thirdAt: number | undefined;
    const third = throttle.acquire().then((done) => {
      thirdAt = clock.now();
      return done;
    });
    // Both slots are in flight: nothing frees with time alone.
    await Promise.resolve();
    expect(clock.pending).toBe(0);
    clock.advance(700);
    first(); // completed at 700: its slot frees at 1700
    await new Promise((r) => setImmediate(r));
    expect(clock.sleeps).toEqual([1000]);
    clock.release(1000);
    (await third)();
    expect(thirdAt).toBe(1700);
    second();
  });

  it('when release is called twice, then the slot is counted once', async () => {
    const clock = createFakeClock(0);
    const throttle = new SlidingWindowThrottle(2, clock);
    const done = await throttle.acquire();
    done();
    done();
    (await throttle.acquire())();
    expect(clock.now()).toBe(0);
    (await throttle.acquire())();
    expect(clock.now()).toBe(1000);
  });

  it('when the rate is not positive, then construction fails', () => {
    expect(() => new SlidingWindowThrottle(0, createFakeClock())).toThrow(
      'perSecond must be a positive number, got 0',
    );
  });
});

describe('SharedPause', () => {
  it('when extended twice, then it keeps the later end and waits exactly the remainder', async () => {
    const clock = createFakeClock(0);
    const pause = new SharedPause(clock);
    pause.extend(2000);
    clock.advance(500);
    pause.extend(1000);
    expect(pause.remaining()).toBe(1500);
    await pause.wait();
    expect(clock.sleeps).toEqual([1500]);
    expect(pause.remaining()).toBe(0);
  });
});
