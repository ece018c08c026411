/**
 * At most `permits` holders at once, admitted in arrival order; a waiter whose signal aborts leaves the
 * line at once. The shared budget puts one per key and class in front of the store, so a process asks
 * the store for at most its own share of a slot at a time instead of once per waiting request.
 */

/**
 * A FIFO counting semaphore.
 *
 * @example
 * ```ts
 * const gate = new FifoGate(2);
 * await gate.enter(signal);
 * try { await work(); } finally { gate.leave(); }
 * ```
 */
export class FifoGate {
  private holders = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly permits: number) {}

  /** True when nobody holds or waits (the gate can be dropped). */
  get idle(): boolean {
    return this.holders === 0 && this.waiters.length === 0;
  }

  enter(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.holders < this.permits && this.waiters.length === 0) {
      this.holders += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const admit = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.holders += 1;
        resolve();
      };
      const onAbort = (): void => {
        const at = this.waiters.indexOf(admit);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(admit);
    });
  }

  leave(): void {
    this.holders -= 1;
    const next = this.waiters.shift();
    next?.();
  }
}
