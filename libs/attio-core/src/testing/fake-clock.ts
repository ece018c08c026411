import { defaultSleep } from '../retry/sleep.js';

/**
 * Test-only: an injected clock whose `sleep` records each requested delay and either advances time at once
 * ("auto") or waits until the test calls `release()` ("manual"), so timing logic is tested without real sleeps.
 */
export interface FakeClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Every delay passed to sleep, in call order. */
  sleeps: number[];
  /** Manual mode: pending sleeps. */
  pending: number;
  advance(ms: number): void;
  /** Manual mode: advances the clock by `ms` and resolves every pending sleep. */
  release(ms: number): void;
}

export function createFakeClock(
  start = Date.parse('2026-01-01T00:00:00Z'),
  mode: 'auto' | 'manual' = 'auto',
): FakeClock {
  let t = start;
  let waiters: (() => void)[] = [];
  const clock: FakeClock = {
    now: () => t,
    sleeps: [],
    pending: 0,
    advance(ms) {
      t += ms;
    },
    release(ms) {
      t += ms;
      const run = waiters;
      waiters = [];
      clock.pending = 0;
      for (const w of run) w();
    },
    sleep(ms, signal) {
      clock.sleeps.push(ms);
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (mode === 'auto') {
        t += ms;
        return Promise.resolve();
      }
      clock.pending += 1;
      return new Promise<void>((resolve, reject) => {
        waiters.push(resolve);
        signal?.addEventListener('abort', () => reject(signal.reason), {
          once: true,
        });
      });
    },
  };
  return clock;
}

/** Waits until `predicate` holds, polling the event loop (bounded, so a broken test fails instead of hanging). */
export async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2500; i += 1) {
    if (predicate()) return;
    await defaultSleep(2);
  }
  throw new Error(`timed out waiting for: ${what}`);
}
