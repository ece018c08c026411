import type { Logger } from '@attio-auth/attio-core';

/** Options of {@link startRecheckPoller}. */
export interface RecheckPollerOptions {
  /** HEALTH_FLAG_POLL_SECONDS in ms. */
  everyMs: number;
  /** One poll: lease the flagged connections and recheck them (resolves when done). */
  poll: () => Promise<void>;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  logger: Logger;
}

/**
 * `--schedule`: between rounds, polls every `everyMs` for connections a client saw fail and rechecks them,
 * so a revoked token is reported within seconds instead of at the next round. A poll is one query on a
 * partial index of flagged rows (empty almost always), so it costs the same at any fleet size. Polls never
 * overlap; a failing poll is logged and the next one runs on time.
 *
 * @example
 * const poller = startRecheckPoller({ everyMs: 2000, poll, sleep, logger });
 * await poller.stop(); // on shutdown: no new poll; waits for the running one
 */
export function startRecheckPoller(options: RecheckPollerOptions): { stop(): Promise<void> } {
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        await options.sleep(options.everyMs, stopping.signal);
      } catch {
        return; // aborted by stop()
      }
      if (stopping.signal.aborted) return;
      try {
        await options.poll();
      } catch (error) {
        options.logger.error(
          { err: (error as Error).message },
          'recheck of flagged connections failed; retrying at the next poll',
        );
      }
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
