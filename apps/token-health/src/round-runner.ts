import type { StatusMemory } from './alert-policy.js';
import { createAlertSender } from './alert-sender.js';
import type { CliOptions } from './cli-args.js';
import type { HealthConfig } from './config.js';
import { runHealthRound, type HealthStore } from './health-round.js';
import type { Logger } from './logger.js';
import { writeMetricsFile } from './metrics-file.js';
import type { HealthMetrics } from './metrics.js';
import { createReporter, type OutputStream } from './reporter.js';
import type { RoundSummary } from './round-summary.js';
import type { TokenChecker } from './token-checker.js';
import type { TokenEntry } from './tokens-file.js';

export interface RoundRunnerContext {
  readonly config: HealthConfig;
  readonly cli: CliOptions;
  readonly store?: HealthStore;
  readonly tokens: readonly TokenEntry[];
  readonly memory: StatusMemory;
  readonly metrics: HealthMetrics;
  readonly logger: Logger;
  readonly owner: string;
  readonly check: TokenChecker;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly stopRequested: () => boolean;
  readonly abandoned: () => boolean;
}

/**
 * Wires one round to its side effects: a fresh alert sender (drained, bounded, at the end), the
 * reporter (progress / table / JSON lines), metrics, and the atomic `--metrics-file` write.
 *
 * @example
 * const round = createRoundRunner(context);
 * const summary = await round(); // prints, alerts, updates metrics
 */
export function createRoundRunner(ctx: RoundRunnerContext): () => Promise<RoundSummary> {
  const { config, logger, metrics } = ctx;
  return async () => {
    const alerts = config.ALERT_WEBHOOK_URL
      ? createAlertSender({
          url: config.ALERT_WEBHOOK_URL,
          fetch: ctx.fetch,
          sleep: ctx.sleep,
          retries: config.HEALTH_ALERT_RETRIES,
          onResult: (result, payload, reason) => {
            metrics.observeAlert(result);
            if (result !== 'delivered') {
              logger.warn(
                { result, kind: payload.kind, status: payload.status, reason },
                'alert webhook delivery did not succeed',
              );
            }
          },
        })
      : undefined;
    const reporter = createReporter({
      stdout: ctx.stdout,
      stderr: ctx.stderr,
      json: ctx.cli.json,
      now: ctx.now,
    });
    const summary = await runHealthRound({
      store: ctx.store,
      tokens: ctx.tokens,
      check: ctx.check,
      alerts,
      memory: ctx.memory,
      requiredScopes: config.HEALTH_REQUIRED_SCOPES,
      failureThreshold: config.HEALTH_FAILURE_THRESHOLD,
      concurrency: ctx.cli.concurrency ?? config.HEALTH_CONCURRENCY,
      owner: ctx.owner,
      batchSize: config.HEALTH_BATCH_SIZE,
      leaseMs: config.HEALTH_LEASE_SECONDS * 1000,
      minCheckIntervalMs: config.HEALTH_MIN_CHECK_INTERVAL_SECONDS * 1000,
      now: ctx.now,
      logger,
      shouldStop: ctx.stopRequested,
      abandoned: ctx.abandoned,
      onStart: (total) => reporter.start(total),
      onCheck: (record) => {
        reporter.check(record);
        metrics.observeCheck(record);
      },
    });
    if (alerts) {
      const drained = await alerts.drain(config.HEALTH_ALERT_WAIT_MS);
      logger.debug({ ...drained }, 'alert deliveries settled');
    }
    metrics.observeRound(summary);
    if (ctx.cli.metricsFile) {
      try {
        await writeMetricsFile(ctx.cli.metricsFile, await metrics.render());
      } catch (error) {
        logger.error(
          { path: ctx.cli.metricsFile, err: (error as Error).message },
          'could not write --metrics-file',
        );
      }
    }
    reporter.finish(summary);
    logger.info(
      { checked: summary.checked, counts: summary.counts, exitCode: summary.exitCode },
      'round finished',
    );
    return summary;
  };
}
