import { setMaxListeners } from 'node:events';

/**
 * How far shutdown (SIGTERM/SIGINT) has got, shared by the round, the scheduler and `--once`: first
 * a stop request (no new check or lease starts), then, once the shutdown bound passed, abandonment
 * (`signal` aborts every in-flight check; their results are dropped, their leases expire).
 *
 * @example
 * const shutdown = new Shutdown();
 * createTokenChecker({ ...options, signal: shutdown.signal });
 * shutdown.requestStop(); // on SIGTERM
 */
export class Shutdown {
  #stopRequested = false;
  readonly #abandon = new AbortController();

  constructor() {
    // Every in-flight check (and each retry wait) listens on this one signal: more than the default 10.
    setMaxListeners(10_000, this.#abandon.signal);
  }

  /** Aborts when the round is abandoned. */
  get signal(): AbortSignal {
    return this.#abandon.signal;
  }

  get stopRequested(): boolean {
    return this.#stopRequested;
  }

  get abandoned(): boolean {
    return this.#abandon.signal.aborted;
  }

  requestStop(): void {
    this.#stopRequested = true;
  }

  abandon(): void {
    this.#stopRequested = true;
    this.#abandon.abort();
  }
}
