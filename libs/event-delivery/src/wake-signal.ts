/** Sleeps like attio-core's contract: resolves after `ms`, rejects when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * A wake-up the worker's loop waits on: `wait(ms)` resolves after `ms` or as soon as `notify()` is
 * called, whichever is first; a `notify()` while nobody waits is remembered, so the next `wait`
 * returns at once (a change committed between two waits is never missed).
 *
 * @example
 * ```ts
 * const wake = createWakeSignal(sleep);
 * setTimeout(() => wake.notify(), 10);
 * await wake.wait(1_000); // resolves after ~10 ms
 * ```
 */
export function createWakeSignal(sleep: Sleep): {
  notify(): void;
  wait(ms: number): Promise<void>;
} {
  let pending = false;
  let current: AbortController | undefined;
  return {
    notify() {
      pending = true;
      current?.abort();
    },
    async wait(ms) {
      if (pending) {
        pending = false;
        return;
      }
      const controller = new AbortController();
      current = controller;
      try {
        await sleep(ms, controller.signal);
      } catch {
        // Aborted by notify(): wake up now.
      } finally {
        if (current === controller) current = undefined;
        pending = false;
      }
    },
  };
}
