/**
 * Client-side throttle: at most `perSecond` request starts in any 1000 ms window, granted strictly in
 * arrival order (FIFO), never dropping a request. A sliding-window log (not a token bucket) so that no
 * 1-second window ever exceeds Attio's limit of 100 reads/s and 25 writes/s
 * (https://docs.attio.com/rest-api/guides/rate-limiting), while an idle client can still burst.
 */

/**
 * Clock and sleep the throttle waits with (injected in tests).
 *
 * @example
 * ```ts
 * new SlidingWindowThrottle(100, { now: Date.now, sleep: defaultSleep });
 * ```
 */
export interface ThrottleClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const WINDOW_MS = 1000;

/**
 * A FIFO sliding-window throttle.
 *
 * @example
 * ```ts
 * const throttle = new SlidingWindowThrottle(25, { now: Date.now, sleep });
 * await throttle.acquire(signal); // resolves when this request may start
 * ```
 */
export class SlidingWindowThrottle {
  /** Start times of the last `perSecond` grants, oldest first (a ring buffer). */
  private readonly starts: number[];
  private head = 0;
  private count = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly perSecond: number,
    private readonly clock: ThrottleClock,
  ) {
    if (!Number.isFinite(perSecond) || perSecond <= 0) {
      throw new RangeError(
        `perSecond must be a positive number, got ${String(perSecond)}`,
      );
    }
    this.starts = new Array<number>(Math.ceil(perSecond)).fill(0);
  }

  /**
   * Waits for this caller's turn and a free slot. Rejects with the signal's reason if it is aborted
   * (an aborted waiter gives its place up without consuming a slot).
   */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.waitForSlot(signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    const capacity = this.starts.length;
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      while (
        this.count > 0 &&
        (this.starts[this.head] as number) <= now - WINDOW_MS
      ) {
        this.head = (this.head + 1) % capacity;
        this.count -= 1;
      }
      if (this.count < capacity) {
        this.starts[(this.head + this.count) % capacity] = now;
        this.count += 1;
        return;
      }
      const oldest = this.starts[this.head] as number;
      await this.clock.sleep(oldest + WINDOW_MS - now, signal);
    }
  }
}
