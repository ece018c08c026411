import { Cron } from 'croner';
import { ExitCode } from '../cli/exit-code.js';
import type { Logger } from '@attio-auth/attio-core';
import type { SchedulerState } from './status-server.js';

export interface SchedulerOptions {
  /** Cron expression (croner syntax, validated by the CLI parser). */
  readonly cron: string;
  /** One round; resolves with its exit code. If it throws, the error is logged and recorded as code 2. */
  readonly round: () => Promise<number>;
  readonly logger: Logger;
  readonly now: () => number;
  /** Ask the running round to stop starting checks (shutdown began). */
  readonly requestStop: () => void;
  /** Abort in-flight checks of the running round (shutdown bound passed). */
  readonly abandon: () => void;
}

export interface Scheduler {
  state(): SchedulerState;
  /** Runs a round now, outside the schedule (same no-overlap protection); resolves when it ends. */
  trigger(): Promise<void>;
  /**
   * Stops scheduling, asks the running round to finish, and waits up to `timeoutMs` for it (`sleep`:
   * attio-core's contract); past that the round's in-flight checks are aborted. Resolves 'idle',
   * 'finished' or 'abandoned'.
   */
  stop(
    timeoutMs: number,
    sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ): Promise<'idle' | 'finished' | 'abandoned'>;
}

/**
 * Runs `round` on each cron tick and never overlaps rounds: a tick (or `trigger()`) that arrives while
 * the previous round still runs is skipped and logged, so an undersized schedule is visible.
 *
 * @example
 * const scheduler = startScheduler({ cron: '*\/15 * * * *', round, logger, now: Date.now, requestStop, abandon });
 * await scheduler.stop(20_000, sleep);
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  let stopping = false;
  let current: Promise<void> | undefined;
  let lastFinishedAt: Date | null = null;
  let lastExitCode: number | null = null;
  const warnSkipped = () =>
    options.logger.warn(
      { cron: options.cron },
      'previous round still running; this tick is skipped',
    );

  const job = new Cron(
    options.cron,
    {
      protect: () => warnSkipped(),
      catch: (error: unknown) => options.logger.error({ err: String(error) }, 'round failed'),
    },
    async () => {
      if (stopping) return;
      // croner's `protect` guards scheduled ticks only (not `trigger()`), so keep our own flag too.
      if (current) {
        warnSkipped();
        return;
      }
      const run = (async () => {
        try {
          lastExitCode = await options.round();
        } catch (error) {
          // The store failed mid-round: like --once, "could not check" (exit code 2).
          lastExitCode = ExitCode.Unchecked;
          options.logger.error(
            { err: error instanceof Error ? error.message : String(error) },
            'round failed',
          );
        } finally {
          lastFinishedAt = new Date(options.now());
        }
      })();
      current = run;
      await run;
      if (current === run) current = undefined;
    },
  );

  return {
    state: () => ({
      stopping,
      roundInProgress: current !== undefined,
      lastRoundFinishedAt: lastFinishedAt,
      lastRoundExitCode: lastExitCode,
      nextRunAt: stopping ? null : job.nextRun(),
    }),
    trigger: () => job.trigger(),
    async stop(timeoutMs, sleep) {
      stopping = true;
      job.stop();
      const running = current;
      if (!running) return 'idle';
      options.requestStop();
      const timer = new AbortController();
      const outcome = await Promise.race([
        running.then(() => 'finished' as const),
        // Rejects (attio-core's sleep) when the timer is aborted below, once the round has finished.
        sleep(timeoutMs, timer.signal).then(
          () => 'timeout' as const,
          () => 'finished' as const,
        ),
      ]);
      timer.abort();
      if (outcome === 'finished') return 'finished';
      options.abandon();
      await running;
      return 'abandoned';
    },
  };
}
