/**
 * Entry point of the OAuth callback service: loads config, binds HOST:PORT, starts the service, and
 * on SIGTERM/SIGINT drains in-flight requests before exiting, for at most SHUTDOWN_TIMEOUT_MS: what
 * still runs then (a request or query stuck behind a lock) is abandoned, logged, and the process
 * exits anyway. Exit codes: 0 stopped on a signal, 1 start-up failure (the message names what to
 * fix), 2 configuration error (also: no key of TOKEN_ENCRYPTION_KEYS matches the stored tokens, or a
 * HOST/PORT it cannot listen on: stderr names the variable to change).
 */
import { layerEnv, listenProblem, readDotEnv, type ConfigProblem } from '@attio-auth/app-config';
import { startTracing, type TracingHandle } from '@attio-auth/attio-otel';
import { ConnectionStoreErrorCode, isConnectionStoreError } from '@attio-auth/connection-store';

import { ConfigError, loadConfig } from './config.js';
import { ExitCode } from './exit-code.js';
import { createLogger } from './logger.js';
import { bindServer, type BoundServer } from './server.js';
import { startService, type ShutdownReport } from './service.js';

function writeProblems(title: string, problems: readonly ConfigProblem[]): void {
  process.stderr.write(
    `${title} (see .env.example):\n${problems.map((p) => `  - ${p.variable}: ${p.message}\n`).join('')}`,
  );
}

async function main(): Promise<ExitCode> {
  let config;
  try {
    // The environment wins over ./.env; a bad ./.env is a ConfigError naming the file and line.
    config = loadConfig(layerEnv(await readDotEnv(process.cwd()), process.env));
  } catch (err) {
    if (err instanceof ConfigError) {
      writeProblems('Invalid configuration for oauth-callback', err.problems);
      return ExitCode.Config;
    }
    throw err;
  }
  const logger = createLogger(config.log);
  // Bind before the store opens: a taken port is a configuration problem, reported before any
  // connection or dev key is created.
  const { host, port } = config.http;
  let bound: BoundServer;
  try {
    bound = await bindServer({ port, host });
  } catch (err) {
    const problem = listenProblem(err, { host, port, hostVariable: 'HOST', portVariable: 'PORT' });
    if (problem === undefined) throw err;
    writeProblems('Cannot start oauth-callback', [problem]);
    return ExitCode.Config;
  }
  // The admin listener (ADMIN_PORT) likewise: a taken port names ADMIN_HOST/ADMIN_PORT.
  let adminBound: BoundServer | undefined;
  if (config.admin.listener) {
    const admin = config.admin.listener;
    try {
      adminBound = await bindServer(admin);
    } catch (err) {
      await bound.close(0);
      const problem = listenProblem(err, {
        host: admin.host,
        port: admin.port,
        hostVariable: 'ADMIN_HOST',
        portVariable: 'ADMIN_PORT',
      });
      if (problem === undefined) throw err;
      writeProblems('Cannot start oauth-callback', [problem]);
      return ExitCode.Config;
    }
  }
  // OpenTelemetry only when a collector is configured: each install becomes one trace.
  const tracing: TracingHandle | undefined = config.otel.endpoint
    ? startTracing({ serviceName: config.otel.serviceName, endpoint: config.otel.endpoint })
    : undefined;
  let service;
  try {
    service = await startService(config, logger, { bound, ...(adminBound ? { adminBound } : {}) });
  } catch (err) {
    await tracing?.shutdown().catch(() => undefined);
    if (isConnectionStoreError(err) && err.code === ConnectionStoreErrorCode.KEY_RING_MISMATCH) {
      // The wrong key ring is a configuration error: one message and exit 2, not a start-up failure.
      process.stderr.write(
        `Invalid configuration for oauth-callback (see .env.example):\n  - TOKEN_ENCRYPTION_KEYS: ${err.message}\n`,
      );
      await bound.close(0);
      await adminBound?.close(0);
      return ExitCode.Config;
    }
    logger.fatal(
      { err: { name: (err as Error).name, message: (err as Error).message } },
      'could not start',
    );
    await bound.close(0);
    await adminBound?.close(0);
    return ExitCode.StartFailed;
  }
  const running = service;
  const report = await new Promise<ShutdownReport | undefined>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down: draining in-flight requests');
      running.close().then(resolve, (err: unknown) => {
        logger.error({ err: { message: (err as Error).message } }, 'error while shutting down');
        resolve(undefined);
      });
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  const incomplete = report === undefined || report.abandonedRequests > 0 || !report.storeClosed;
  if (report && incomplete) {
    logger.warn(
      { ...report, shutdownTimeoutMs: config.http.shutdownTimeoutMs },
      `shutdown deadline passed: abandoned ${report.abandonedRequests} in-flight request(s)` +
        (report.storeClosed ? '' : ' and the connection store (queries still running)'),
    );
  }
  // Flush the last spans; a collector that is down must not hold the exit up or fail it.
  await tracing?.shutdown().catch((err: unknown) => {
    logger.warn({ err: { message: (err as Error).message } }, 'could not flush the last spans');
  });
  logger.info('stopped');
  // An abandoned query keeps its database socket (and so the event loop) alive: exit regardless.
  if (incomplete) process.exit(ExitCode.Ok);
  return ExitCode.Ok;
}

process.exitCode = await main();
