/**
 * Entry point of the OAuth callback service: loads config, binds HOST:PORT, starts the service, and
 * on SIGTERM/SIGINT drains in-flight requests before exiting. Exit codes: 0 clean stop, 1 start-up
 * failure (the message names what to fix), 2 configuration error (also a HOST/PORT it cannot
 * listen on: stderr names the variable to change).
 */
import { listenProblem, type ConfigProblem } from '@attio-auth/app-config';

import { ConfigError, loadConfig } from './config.js';
import { ExitCode } from './exit-code.js';
import { createLogger } from './logger.js';
import { bindServer, type BoundServer } from './server.js';
import { startService } from './service.js';

function writeProblems(title: string, problems: readonly ConfigProblem[]): void {
  process.stderr.write(
    `${title} (see .env.example):\n${problems.map((p) => `  - ${p.variable}: ${p.message}\n`).join('')}`,
  );
}

async function main(): Promise<ExitCode> {
  let config;
  try {
    config = loadConfig(process.env);
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
  let service;
  try {
    service = await startService(config, logger, { bound });
  } catch (err) {
    logger.fatal(
      { err: { name: (err as Error).name, message: (err as Error).message } },
      'could not start',
    );
    await bound.close(0);
    return ExitCode.StartFailed;
  }
  const running = service;
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down: draining in-flight requests');
      running.close().then(resolve, (err: unknown) => {
        logger.error({ err: { message: (err as Error).message } }, 'error while shutting down');
        resolve();
      });
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  logger.info('stopped');
  return ExitCode.Ok;
}

process.exitCode = await main();
