import type { AddressInfo } from 'node:net';
import { listenProblem } from '@attio-auth/app-config';
import { ConfigError, describeConfigError } from '../config.js';
import { ExitCode } from '../cli/exit-code.js';
import { leaseFlagged, runRound, type RoundContext } from '../round/health-round.js';
import { startRecheckPoller } from './recheck-poller.js';
import { startScheduler } from './scheduler.js';
import { createStatusServer } from './status-server.js';

/**
 * `--schedule` mode: serves /healthz and /metrics, runs rounds on the cron schedule (never
 * overlapping), and on SIGTERM/SIGINT stops within HEALTH_SHUTDOWN_TIMEOUT_MS: no new round, no new
 * check, in-flight checks finish or are aborted at the bound, then the server closes. Resolves 0.
 *
 * @example
 * return await runScheduled(context, '*\/15 * * * *');
 */
export async function runScheduled(ctx: RoundContext, cron: string): Promise<ExitCode> {
  const { config, io, logger, shutdown } = ctx;
  const { host, port } = config.server;
  const scheduler = startScheduler({
    cron,
    round: async () => (await runRound(ctx)).exitCode,
    logger,
    now: io.now,
    requestStop: () => shutdown.requestStop(),
    abandon: () => shutdown.abandon(),
  });
  const server = createStatusServer({ metrics: ctx.metrics, state: () => scheduler.state() });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    await scheduler.stop(0, io.sleep);
    const problem = listenProblem(error, {
      host,
      port,
      hostVariable: 'HEALTH_HOST',
      portVariable: 'HEALTH_PORT',
    });
    io.stderr.write(
      problem === undefined
        ? `attio-token-health: cannot listen on ${host}:${port} (HEALTH_HOST / HEALTH_PORT): ` +
            `${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`
        : `attio-token-health: ${describeConfigError(new ConfigError([problem]))}\n`,
    );
    return ExitCode.Config;
  }
  const listening = (server.address() as AddressInfo).port;
  logger.info(
    { cron, port: listening, nextRunAt: scheduler.state().nextRunAt },
    'scheduler started',
  );
  io.onListening?.(listening);
  const poller = startRecheckPoller({
    everyMs: config.health.flagPollSeconds * 1000,
    poll: async () => {
      if (shutdown.stopRequested) return;
      const recheck = await leaseFlagged(ctx);
      if (recheck.length > 0) await runRound(ctx, { recheck });
    },
    sleep: io.sleep,
    logger,
  });

  const signal = await new Promise<string>((resolve) => {
    const unsubscribe = io.onSignal((name) => {
      unsubscribe();
      resolve(name);
    });
  });
  logger.info({ signal }, 'shutting down');
  const pollerStopped = poller.stop();
  const outcome = await scheduler.stop(config.health.shutdownTimeoutMs, io.sleep);
  await pollerStopped;
  logger.info(
    { outcome },
    outcome === 'abandoned' ? 'current round abandoned at the shutdown bound' : 'stopped',
  );
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return ExitCode.Ok;
}
