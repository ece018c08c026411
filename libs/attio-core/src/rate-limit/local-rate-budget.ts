/**
 * The in-process rate budget: today's limiter behind the {@link RateBudget} contract. Per key, one
 * {@link SlidingWindowThrottle} per class (slots held until one window after completion) and one
 * {@link SharedPause}. The client makes one per instance unless a shared budget is passed.
 */
import { SharedPause } from '../retry/shared-pause.js';
import type { RateBudget, RateGrant, RequestClass } from './rate-budget.js';
import { SlidingWindowThrottle, type ThrottleClock } from './sliding-window-throttle.js';

/**
 * Requests per second of each class; `false` means "no throttle, only the shared 429 pause".
 *
 * @example
 * ```ts
 * const limits: LocalRateLimits = { readsPerSecond: 100, writesPerSecond: 25 };
 * ```
 */
export type LocalRateLimits = { readsPerSecond: number; writesPerSecond: number } | false;

interface KeyState {
  read: SlidingWindowThrottle | undefined;
  write: SlidingWindowThrottle | undefined;
  pause: SharedPause;
}

const NO_RELEASE = (): void => undefined;

/**
 * A {@link RateBudget} that lives in this process only.
 *
 * @example
 * ```ts
 * const budget = new LocalRateBudget({ readsPerSecond: 100, writesPerSecond: 25 }, { now: Date.now, sleep: defaultSleep });
 * const grant = await budget.acquire('key', 'read');
 * try { await send(); } finally { grant.release(); }
 * ```
 */
export class LocalRateBudget implements RateBudget {
  private readonly keys = new Map<string, KeyState>();

  constructor(
    private readonly limits: LocalRateLimits,
    private readonly clock: ThrottleClock,
  ) {
    // Fail at construction (as the client always did), not at the first request, on a bad limit.
    if (limits) {
      new SlidingWindowThrottle(limits.readsPerSecond, clock);
      new SlidingWindowThrottle(limits.writesPerSecond, clock);
    }
  }

  async acquire(key: string, kind: RequestClass, signal?: AbortSignal): Promise<RateGrant> {
    const throttle = this.state(key)[kind];
    if (throttle === undefined) return { waitedMs: 0, release: NO_RELEASE };
    const started = this.clock.now();
    const release = await throttle.acquire(signal);
    return { waitedMs: this.clock.now() - started, release };
  }

  pause(key: string, untilMs: number): void {
    this.state(key).pause.extend(untilMs - this.clock.now());
  }

  pausedUntil(key: string): number {
    const state = this.keys.get(key);
    return state === undefined ? 0 : this.clock.now() + state.pause.remaining();
  }

  private state(key: string): KeyState {
    let state = this.keys.get(key);
    if (state === undefined) {
      const limits = this.limits;
      state = {
        read: limits ? new SlidingWindowThrottle(limits.readsPerSecond, this.clock) : undefined,
        write: limits ? new SlidingWindowThrottle(limits.writesPerSecond, this.clock) : undefined,
        pause: new SharedPause(this.clock),
      };
      this.keys.set(key, state);
    }
    return state;
  }
}
