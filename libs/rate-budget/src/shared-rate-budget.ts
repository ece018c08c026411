/**
 * The Attio rate budget shared by every process that points at the same store: attio-core's
 * {@link RateBudget} on rate-limiter-flexible counters (see window-plan.ts for why the counters are short
 * clock-aligned slots, and what that guarantees).
 *
 * Per process, the waiters for one key and class queue in arrival order and only the first `localPoints`
 * (this process's share of a slot) ask the store at a time, so a refused slot costs a few round trips per
 * process, not one per waiting request, while a slow store (measured: PostgreSQL on a loaded machine)
 * still grants a process's whole share per round trip. A refused asker sleeps until the slot ends (the next
 * slot is a new counter) and asks again.
 *
 * The 429 pause lives in the store too (read by each grant, in parallel with the slot, so when Attio tells
 * one process to wait, all wait) and in a local copy: `pausedUntil` answers from it without a round trip,
 * and it is all there is while the store is unreachable.
 */
import type { RateBudget, RateGrant, RequestClass } from '@attio-auth/attio-core';
import { defaultSleep } from '@attio-auth/attio-core';
import type { LimiterMode } from './fallback-monitor.js';
import { FifoGate } from './fifo-gate.js';
import { consumeObserved, type LimiterStore, type ObservedLimiter } from './limiter-store.js';
import { planWindow, type WindowPlan } from './window-plan.js';

/**
 * Options of {@link createSharedRateBudget}.
 *
 * @example
 * ```ts
 * const options: SharedRateBudgetOptions = { store, limits: { readsPerSecond: 100, writesPerSecond: 25 } };
 * ```
 */
export interface SharedRateBudgetOptions {
  readonly store: LimiterStore;
  /** Attio's published limits by default: 100 reads and 25 writes per second per token. */
  readonly limits?: { readonly readsPerSecond: number; readonly writesPerSecond: number };
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * A {@link RateBudget} shared across processes, plus what an operator may want to see.
 *
 * @example
 * ```ts
 * budget.mode(); // → 'shared' while the store answers, 'local' during an outage
 * ```
 */
export interface SharedRateBudget extends RateBudget {
  /** `shared` while the store answers, `local` while this process limits on its own. */
  mode(): LimiterMode;
  /** The slot plan per class (for logs and the benchmark). */
  readonly plan: Readonly<Record<RequestClass, WindowPlan>>;
}

const NO_RELEASE = (): void => undefined;

/** Late grants a request may drop before it uses one anyway (see `take`). */
const MAX_STALE_DROPS = 2;

const ATTIO_LIMITS = { readsPerSecond: 100, writesPerSecond: 25 } as const;

/**
 * Builds the shared budget on a store (Redis or PostgreSQL).
 *
 * @example
 * ```ts
 * const store = createRedisLimiterStore({ client, keyPrefix: 'attio', instances: 4, logger });
 * const budget = await createSharedRateBudget({ store });
 * const client = createAttioClient({ token, rateBudget: budget });
 * ```
 */
export async function createSharedRateBudget(
  options: SharedRateBudgetOptions,
): Promise<SharedRateBudget> {
  const { store } = options;
  const limits = options.limits ?? ATTIO_LIMITS;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const instances = store.monitor.instances;
  const plan = {
    read: planWindow(limits.readsPerSecond, instances),
    write: planWindow(limits.writesPerSecond, instances),
  };
  const limiterFor = async (kind: RequestClass): Promise<ObservedLimiter> =>
    store.limiter({
      keyPrefix: `${store.keyPrefix}:${kind}`,
      points: plan[kind].sharedPoints,
      // The slot is in the key, so the store's expiry only collects old slots: one whole second (Redis'
      // `EX` takes whole seconds) outlives every slot.
      durationSec: 1,
      localPoints: plan[kind].localPoints,
      localDurationSec: 1,
    });
  const limiters = { read: await limiterFor('read'), write: await limiterFor('write') };
  const gates = new Map<string, FifoGate>();
  const localPause = new Map<string, number>();

  /** The stored pause, copied locally (an unreachable store leaves the local copy as it is). */
  async function refreshPause(key: string): Promise<number> {
    try {
      const stored = await store.readPause(key);
      if (stored > (localPause.get(key) ?? 0)) localPause.set(key, stored);
    } catch {
      // Unreachable store: the local copy is all there is (the fallback of the limits).
    }
    return localPausedUntil(key);
  }

  async function take(key: string, kind: RequestClass, started: number, signal?: AbortSignal) {
    const { windowMs } = plan[kind];
    let staleDrops = 0;
    for (;;) {
      signal?.throwIfAborted();
      const slot = Math.floor(now() / windowMs);
      // The pause and the slot in one round trip's time: a grant that meets a pause is dropped (its slot
      // is over by the time the pause is), which wastes one slot point per pause, never the bound.
      const [pausedUntil, { allowed }] = await Promise.all([
        refreshPause(key),
        consumeObserved(limiters[kind], store.monitor, `${key}:${slot}`),
      ]);
      if (pausedUntil > now()) {
        await sleep(pausedUntil - now(), signal);
        continue;
      }
      if (allowed) {
        // A grant counts in its slot, so it must be used while that slot lasts (window-plan.ts's bound
        // allows one slot of grant→arrival delay in all). A round trip or a blocked event loop that returns
        // it more than half a slot late would spend it in a later slot, on top of that slot's own grants:
        // drop it and ask again in the current slot. At most twice per request, so a store that is always
        // slower than that still lets work through (and the plan's margin is then all there is).
        if (now() >= (slot + 1) * windowMs + windowMs / 2 && staleDrops < MAX_STALE_DROPS) {
          staleDrops += 1;
          continue;
        }
        return { waitedMs: now() - started, release: NO_RELEASE };
      }
      await sleep(Math.max(1, (slot + 1) * windowMs - now()), signal);
    }
  }

  function localPausedUntil(key: string): number {
    const until = localPause.get(key) ?? 0;
    if (until !== 0 && until <= now()) localPause.delete(key);
    return until;
  }

  return {
    plan,
    mode: () => store.monitor.mode(),
    async acquire(key: string, kind: RequestClass, signal?: AbortSignal): Promise<RateGrant> {
      const started = now();
      const gateKey = `${kind}:${key}`;
      let gate = gates.get(gateKey);
      if (gate === undefined) {
        gate = new FifoGate(plan[kind].localPoints);
        gates.set(gateKey, gate);
      }
      await gate.enter(signal);
      try {
        return await take(key, kind, started, signal);
      } finally {
        gate.leave();
        if (gate.idle) gates.delete(gateKey);
      }
    },
    async pause(key: string, untilMs: number): Promise<void> {
      localPause.set(key, Math.max(localPause.get(key) ?? 0, untilMs));
      try {
        await store.writePause(key, untilMs, now());
      } catch {
        // Unreachable store: the local copy still pauses this process (the fallback of the limits).
      }
    },
    // Answered from the local copy, synchronously: acquire has just read the stored pause (so a pause
    // another process stored is seen before every grant), and a 429 seen here is copied at once.
    pausedUntil: (key: string): number => localPausedUntil(key),
  };
}
