/**
 * Whether this process currently limits through the shared store or on its own, and the two log lines that
 * tell an operator about it: one warning when the store becomes unreachable, one info when it is back.
 * Every limiter on one store shares one monitor, so an outage logs once per process, not once per key.
 */
import type { Logger } from '@attio-auth/attio-core';

/**
 * `shared`: the store answers; `local`: it does not, and each process keeps `1 / instances` of the limits.
 *
 * @example
 * ```ts
 * const mode: LimiterMode = budget.mode();
 * ```
 */
export type LimiterMode = 'shared' | 'local';

/**
 * Tracks the mode and logs its transitions.
 *
 * @example
 * ```ts
 * const monitor = new FallbackMonitor('redis', 4, logger);
 * monitor.servedLocally();  // logs one warning
 * monitor.servedShared();   // logs one info
 * ```
 */
export class FallbackMonitor {
  private current: LimiterMode = 'shared';
  private since = 0;

  constructor(
    readonly store: 'redis' | 'postgres',
    readonly instances: number,
    private readonly logger: Logger | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  mode(): LimiterMode {
    return this.current;
  }

  /** A decision was made by the in-memory fallback because the store did not answer. */
  servedLocally(): void {
    if (this.current === 'local') return;
    this.current = 'local';
    this.since = this.now();
    this.logger?.warn(
      { store: this.store, instances: this.instances },
      `shared rate limiter unreachable (${this.store}): limiting locally at 1/${this.instances} of the limits until it is back`,
    );
  }

  /** A decision was made by the store itself. */
  servedShared(): void {
    if (this.current === 'shared') return;
    this.current = 'shared';
    this.logger?.info(
      { store: this.store, localMs: this.now() - this.since },
      `shared rate limiter reachable again (${this.store}): back to shared limits`,
    );
  }
}
