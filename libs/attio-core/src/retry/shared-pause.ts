/**
 * The client-wide pause after a 429: while one request waits out `Retry-After`, no request of the same client
 * is sent (Attio counts the limit per workspace, so hammering it with siblings only extends the penalty).
 */
import type { ThrottleClock } from '../rate-limit/sliding-window-throttle.js';

/**
 * A "not before" instant shared by all requests of one client.
 *
 * @example
 * ```ts
 * const pause = new SharedPause({ now: Date.now, sleep });
 * pause.extend(2000);   // after a 429 with Retry-After: 2
 * await pause.wait();   // every request calls this before sending
 * ```
 */
export class SharedPause {
  private until = 0;

  constructor(private readonly clock: ThrottleClock) {}

  /** Pushes the pause end to at least `now + ms`. */
  extend(ms: number): void {
    this.until = Math.max(this.until, this.clock.now() + ms);
  }

  /** Milliseconds left (0 when not paused). */
  remaining(): number {
    return Math.max(0, this.until - this.clock.now());
  }

  /** Resolves once no pause is active (re-checks, since another 429 may extend it meanwhile). */
  async wait(signal?: AbortSignal): Promise<void> {
    for (let left = this.remaining(); left > 0; left = this.remaining()) {
      await this.clock.sleep(left, signal);
    }
  }
}
