import { createFakeClock } from '../testing/fake-clock.js';
import { LocalRateBudget } from './local-rate-budget.js';

describe('LocalRateBudget', () => {
  it('when a class is out of slots, then the next grant waits one window after the oldest completion', async () => {
    const clock = createFakeClock();
    const budget = new LocalRateBudget({ readsPerSecond: 2, writesPerSecond: 1 }, clock);
    const first = await budget.acquire('k', 'read');
    const second = await budget.acquire('k', 'read');
    clock.advance(100);
    first.release();
    second.release();
    const third = await budget.acquire('k', 'read');
    expect({ first: first.waitedMs, second: second.waitedMs, third: third.waitedMs }).toEqual({
      first: 0,
      second: 0,
      third: 1000,
    });
    expect(clock.sleeps).toEqual([1000]);
  });

  it('when keys and classes differ, then each has its own slots', async () => {
    const clock = createFakeClock();
    const budget = new LocalRateBudget({ readsPerSecond: 1, writesPerSecond: 1 }, clock);
    const grants = await Promise.all([
      budget.acquire('a', 'read'),
      budget.acquire('a', 'write'),
      budget.acquire('b', 'read'),
    ]);
    expect(grants.map((g) => g.waitedMs)).toEqual([0, 0, 0]);
    expect(clock.sleeps).toEqual([]);
  });

  it('when paused, then pausedUntil answers synchronously with the later of two pauses', () => {
    const clock = createFakeClock();
    const budget = new LocalRateBudget(false, clock);
    expect(budget.pausedUntil('k')).toBe(0);
    budget.pause('k', clock.now() + 2000);
    budget.pause('k', clock.now() + 500);
    expect(budget.pausedUntil('k')).toBe(clock.now() + 2000);
    expect(budget.pausedUntil('other')).toBe(0);
  });

  it('when limits are false, then grants are immediate and releases do nothing', async () => {
    const clock = createFakeClock();
    const budget = new LocalRateBudget(false, clock);
    for (let i = 0; i < 500; i += 1) (await budget.acquire('k', 'write')).release();
    expect(clock.sleeps).toEqual([]);
  });

  it('when a limit is not positive, then construction fails naming it', () => {
    expect(
      () => new LocalRateBudget({ readsPerSecond: 0, writesPerSecond: 25 }, createFakeClock()),
    ).toThrow('perSecond must be a positive number, got 0');
  });
});
