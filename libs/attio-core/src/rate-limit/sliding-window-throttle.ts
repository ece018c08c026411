/**
 * Client-side throttle: at most `perSecond` requests in any 1000 ms window *as the server counts them*,
 * granted strictly in arrival order (FIFO), never dropping a request
 * (https://docs.attio.com/rest-api/guides/rate-limiting: 100 reads/s, 25 writes/s).
 *
 * Why a slot is held until one window after the request *completes*, not after it starts: a request
 * reaches Attio some time after the throttle lets it go (connection set-up, a busy event loop, a queue in
 * the HTTP pool), and that delay varies. Counting from the grant let a slow first burst and a fast second
 * one land inside the same second at the server (measured: 170 in one second through a 100/s throttle).
 * A request always arrives before its response completes, so when every slot is reused only one window
 * after the previous holder completed, no window of arrivals can ever hold more than `perSecond` requests,
 * whatever the network delay. The cost is a rate of `perSecond / (1 s + latency)` under sustained load.
 *
 * The window is one second for the REST limits; `windowMs` sets another for limits counted over a longer
 * span (the revocation endpoint's 50 per minute), in which case `perSecond` means "per window".
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

/**
 * Returned by {@link SlidingWindowThrottle.acquire}: call it once when the request has completed (response
 * read, or failed); the slot frees one window later. Calling it again does nothing.
 *
 * @example
 * ```ts
 * const done = await throttle.acquire();
 * try { await send(); } finally { done(); }
 * ```
 */
export type ThrottleRelease = () => void;

/**
 * Anything requests can wait on for a slot: a {@link SlidingWindowThrottle}, or one shared by several
 * clients (e.g. a process-wide cap across many tokens' clients).
 *
 * @example
 * ```ts
 * const shared: RequestThrottle = new SlidingWindowThrottle(100, { now: Date.now, sleep: defaultSleep });
 * createAttioClient({ token, throttle: shared });
 * ```
 */
export interface RequestThrottle {
  acquire(signal?: AbortSignal): Promise<ThrottleRelease>;
}

const DEFAULT_WINDOW_MS = 1000;

/**
 * A FIFO sliding-window throttle whose slots are held from grant until one window after completion.
 *
 * @example
 * ```ts
 * const throttle = new SlidingWindowThrottle(25, { now: Date.now, sleep });
 * const done = await throttle.acquire(signal); // resolves when this request may start
 * try { await send(); } finally { done(); }
 * ```
 */
export class SlidingWindowThrottle implements RequestThrottle {
  /** Requests granted and not yet completed. */
  private inFlight = 0;
  /** Completion times still inside the window, oldest first (pushed in completion order, so sorted). */
  private completed: number[] = [];
  private head = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private wake: (() => void) | undefined;

  constructor(
    readonly perSecond: number,
    private readonly clock: ThrottleClock,
    /** Length of the window `perSecond` counts over; default 1000 ms. */
    readonly windowMs: number = DEFAULT_WINDOW_MS,
  ) {
    if (!Number.isFinite(perSecond) || perSecond <= 0) {
      throw new RangeError(`perSecond must be a positive number, got ${String(perSecond)}`);
    }
    if (!Number.isFinite(windowMs) || windowMs <= 0) {
      throw new RangeError(`windowMs must be a positive number, got ${String(windowMs)}`);
    }
  }

  /**
   * Waits for this caller's turn and a free slot. Rejects with the signal's reason if it is aborted
   * (an aborted waiter gives its place up without consuming a slot).
   */
  acquire(signal?: AbortSignal): Promise<ThrottleRelease> {
    const turn = this.tail.then(() => this.waitForSlot(signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private expire(now: number): void {
    while (
      this.head < this.completed.length &&
      (this.completed[this.head] as number) <= now - this.windowMs
    ) {
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.completed.length) {
      this.completed = this.completed.slice(this.head);
      this.head = 0;
    }
  }

  private async waitForSlot(signal?: AbortSignal): Promise<ThrottleRelease> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      this.expire(now);
      const recent = this.completed.length - this.head;
      if (this.inFlight + recent < this.perSecond) {
        this.inFlight += 1;
        return this.releaser();
      }
      if (recent > 0) {
        // The oldest completion leaves the window first.
        await this.clock.sleep((this.completed[this.head] as number) + this.windowMs - now, signal);
      } else {
        await this.nextRelease(signal);
      }
    }
  }

  private releaser(): ThrottleRelease {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      this.completed.push(this.clock.now());
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    };
  }

  /** Every slot is held by a request still in flight: wait until one completes. */
  private nextRelease(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
    });
  }
}
