/**
 * How a shared budget turns "N requests per second, as Attio counts them" into counters a store can keep.
 *
 * Attio's limit is per token over a sliding second. rate-limiter-flexible's Redis and PostgreSQL limiters
 * keep fixed windows (one counter that expires), and fixed windows of one second let 2 × N through in a
 * sliding second (N at the end of one window, N at the start of the next). So the budget counts in short
 * clock-aligned slots instead: the slot number is part of the key (`<token hash>:<slot>`, slot =
 * floor(now / windowMs)) and each slot allows `sharedPoints` requests.
 *
 * The bound: a sliding interval of length 1000 + J ms overlaps at most ceil((1000 + J) / w) + 1 slots of
 * length w. A request reaches Attio some time after its grant (the grant→arrival delay varies by up to J:
 * connection set-up, a busy event loop, clock skew between hosts). Taking J ≤ w, a sliding second at Attio
 * holds grants from at most 1000 / w + 2 slots, so `sharedPoints = floor(N / (1000 / w + 2))` keeps every
 * sliding second at Attio at or below N. For 100 reads/s and w = 100 ms: 8 per slot, at most 96 in any
 * second, a sustained 80/s, tolerating 100 ms of grant→arrival jitter. The 20 % given up is the price of
 * the guarantee with fixed-window counters.
 *
 * The local fallback (shared store unreachable) divides the slot allowance by the instance count. Slots are
 * aligned to the clock in every process, so the same bound holds for the sum over all instances. A window
 * is chosen so that every instance still gets at least one request per slot (25 writes/s across 4
 * instances needs 250 ms slots: 4 shared, 1 local).
 */

/**
 * One request class's slot plan.
 *
 * @example
 * ```ts
 * planWindow(100, 1); // → { windowMs: 125, sharedPoints: 10, localPoints: 10 }
 * ```
 */
export interface WindowPlan {
  /** Slot length in ms (divides 1000, so slots line up with seconds). */
  readonly windowMs: number;
  /** Requests per slot across all processes. */
  readonly sharedPoints: number;
  /** Requests per slot in one process while the shared store is unreachable. */
  readonly localPoints: number;
}

const CANDIDATE_WINDOWS_MS = [50, 100, 125, 200, 250, 500, 1000] as const;

/**
 * Chooses the slot length with the highest guaranteed shared rate among those that leave every instance at
 * least one request per slot when falling back (ties: the higher local rate, then the longer slot, which
 * costs fewer store round trips).
 *
 * @example
 * ```ts
 * planWindow(100, 4); // → { windowMs: 100, sharedPoints: 8, localPoints: 2 }
 * planWindow(25, 4);  // → { windowMs: 250, sharedPoints: 4, localPoints: 1 }
 * ```
 */
export function planWindow(perSecond: number, instances: number): WindowPlan {
  if (!Number.isInteger(perSecond) || perSecond < 1) {
    throw new RangeError(
      `requests per second must be a positive integer, got ${String(perSecond)}`,
    );
  }
  if (!Number.isInteger(instances) || instances < 1) {
    throw new RangeError(
      `localFallback.instances must be a positive integer, got ${String(instances)}`,
    );
  }
  let best: (WindowPlan & { shared: number; local: number }) | undefined;
  for (const windowMs of CANDIDATE_WINDOWS_MS) {
    const slotsPerSecond = 1000 / windowMs;
    const sharedPoints = Math.floor(perSecond / (slotsPerSecond + 2));
    const localPoints = Math.floor(sharedPoints / instances);
    if (localPoints < 1) continue;
    const shared = sharedPoints * slotsPerSecond;
    const local = localPoints * slotsPerSecond;
    if (
      best === undefined ||
      shared > best.shared ||
      (shared === best.shared &&
        (local > best.local || (local === best.local && windowMs > best.windowMs)))
    ) {
      best = { windowMs, sharedPoints, localPoints, shared, local };
    }
  }
  if (best === undefined) {
    throw new RangeError(
      `${perSecond} requests per second cannot be split across ${instances} instances with a safety margin: ` +
        `lower localFallback.instances to at most ${Math.floor(perSecond / 3)}.`,
    );
  }
  return {
    windowMs: best.windowMs,
    sharedPoints: best.sharedPoints,
    localPoints: best.localPoints,
  };
}
