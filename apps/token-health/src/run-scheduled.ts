import type { AddressInfo } from 'node:net';
import type { HealthConfig } from './config.js';
import { EXIT } from './exit-code.js';
import type { Logger } from './logger.js';
import type { HealthMetrics } from './metrics.js';
import type { RunIo } from './run.js';
import { startScheduler } from './scheduler.js';
import { createStatusServer } from './status-server.js';

export interface ScheduledModeOptions {
  readonly cron: string;
  readonly config: HealthConfig;
  readonly io: RunIo;
  readonly logger: Logger;
  readonly metrics: HealthMetrics;
  readonly round: () => Promise<number>;
  readonly requestStop: () => void;
  readonly abandon: () => void;
}

/**
 * `--schedule` mode: serves /healthz and /metrics, runs rounds on the cron schedule (never
 * overlapping), and on SIGTERM/SIGINT stops within HEALTH_SHUTDOWN_TIMEOUT_MS: no new round, no new
 * check, in-flight checks finish or are aborted at the bound, then the server closes. Resolves 0.
 *
 * @example
 * return await runScheduled({ cron: '*\/15 * * * *', config, io, logger, metrics, round, requestStop, abandon });
 */
export async function runScheduled(options: ScheduledModeOptions): Promise<number> {
  const { config, io, logger } = options;
  const scheduler = startScheduler({
    cron: options.cron,
    round: options.round,
    logger,
    now: io.now,
    requestStop: options.requestStop,
    abandon: options.abandon,
  });
  const server = createStatusServer({ metrics: options.metrics, state: () => scheduler.state() });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.HEALTH_PORT, config.HEALTH_HOST, () => resolve());
    });
  } catch (error) {
    await scheduler.stop(0, io.sleep);
    io.stderr.write(
      `attio-token-health: cannot listen on ${config.HEALTH_HOST}:${config.HEALTH_PORT} ` +
        `(HEALTH_HOST / HEALTH_PORT): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
    );
    return EXIT.CONFIG;
  }
  const port = (server.address() as AddressInfo).port;
  logger.info(
    { cron: options.cron, port, nextRunAt: scheduler.state().nextRunAt },
    'scheduler started',
  );
  io.onListening?.(port);

  const signal = await new Promise<string>((resolve) => {
    const unsubscribe = io.onSignal((name) => {
      unsubscribe();
      resolve(name);
    });
  });
  logger.info({ signal }, 'shutting down');
  const outcome = await scheduler.stop(config.HEALTH_SHUTDOWN_TIMEOUT_MS, io.sleep);
  logger.info(
    { outcome },
    outcome === 'abandoned' ? 'current round abandoned at the shutdown bound' : 'stopped',
  );
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return EXIT.OK;
}
