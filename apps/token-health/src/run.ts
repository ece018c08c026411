import { randomBytes } from 'node:crypto';
import { layerEnv, readDotEnv } from '@attio-auth/app-config';
import { SlidingWindowThrottle } from '@attio-auth/attio-core';
import { ConnectionStoreErrorCode, isConnectionStoreError } from '@attio-auth/connection-store';
import { StatusMemory } from './alerts/alert-policy.js';
import { parseCliArgs, USAGE, type CliOptions } from './cli/cli-args.js';
import { ExitCode } from './cli/exit-code.js';
import { loadTokensFile, TokensFileError, type TokenEntry } from './cli/tokens-file.js';
import {
  ConfigError,
  describeConfigError,
  loadConfig,
  withCliOverrides,
  type HealthConfig,
} from './config.js';
import type { HealthIo, OutputStream } from './io.js';
import { createLogger } from './logger.js';
import { createHealthMetrics } from './metrics/metrics.js';
import { runRound, type RoundContext } from './round/health-round.js';
import { Shutdown } from './round/shutdown.js';
import { createTokenChecker } from './round/token-checker.js';
import { runScheduled } from './schedule/run-scheduled.js';
import { withEventDelivery } from './events/event-delivery.js';
import {
  maskDatabaseUrl,
  NO_STORE,
  openStoreFromConfig,
  StoreOpenError,
  type HealthStore,
} from './store/open-store.js';
import { keyRingCheck, type KeyRingCheck } from './store/key-ring-check.js';
import { holdRunLock, RUN_LOCK_NAME } from './store/run-lock.js';
import { VERSION } from './version.js';

/**
 * The whole CLI as a function of argv and io; returns the exit code and never calls process.exit.
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2), processIo());
 */
export async function run(argv: readonly string[], io: HealthIo): Promise<ExitCode> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    io.stderr.write(`attio-token-health: ${parsed.message}\nRun with --help for usage.\n`);
    return ExitCode.Usage;
  }
  const cli = parsed.options;
  if (cli.mode === 'help') return write(io.stdout, `${USAGE}\n`, ExitCode.Ok);
  if (cli.mode === 'version') return write(io.stdout, `${VERSION}\n`, ExitCode.Ok);

  let config: HealthConfig;
  let tokens: TokenEntry[] = [];
  try {
    // Flags > environment > ./.env; a bad ./.env is a ConfigError naming the file and line.
    const dotenv = io.cwd === undefined ? undefined : await readDotEnv(io.cwd);
    config = withCliOverrides(loadConfig(layerEnv(dotenv, io.env)), cli);
    if (cli.tokensFile) tokens = await loadTokensFile(cli.tokensFile);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof TokensFileError) {
      const message = error instanceof ConfigError ? describeConfigError(error) : error.message;
      return write(io.stderr, `attio-token-health: ${message}\n`, ExitCode.Config);
    }
    throw error;
  }
  const owner = config.health.instanceId ?? `${io.hostname}-${randomBytes(4).toString('hex')}`;

  let store: HealthStore | undefined;
  if (!cli.skipStore) {
    try {
      // One pooled connection per lane, plus one for leasing the next batch and one spare (PostgreSQL).
      const poolSize = config.health.concurrency + 2;
      store = await (io.openStore ?? openStoreFromConfig)(config, { poolSize });
    } catch (error) {
      const message =
        error instanceof StoreOpenError
          ? error.message
          : `Cannot open the connection store: ${(error as Error).message}`;
      return write(io.stderr, `attio-token-health: ${message}\n`, ExitCode.Config);
    }
  }
  const checkKeys = store && keyRingCheck(store, config.store.tokenEncryptionKeys);
  const loss = await checkKeys?.();
  if (store && loss) {
    await store.close();
    return write(io.stderr, `attio-token-health: ${loss.message}\n`, ExitCode.Config);
  }
  // SQLite has no row-level SKIP LOCKED: a single instance checks it, guarded by a run lock.
  const lock =
    store?.driver === 'sqlite'
      ? await holdRunLock(store, owner, config.health.leaseSeconds * 1000)
      : undefined;
  if (store && lock === false) {
    await store.close();
    return write(
      io.stderr,
      `attio-token-health: another instance holds the run lock "${RUN_LOCK_NAME}" on this SQLite store; ` +
        'only one checker may run against SQLite (use PostgreSQL to run several). Exiting.\n',
      ExitCode.Locked,
    );
  }

  const context = roundContext(config, cli, io, store, tokens, owner, checkKeys);
  const events = { config, io, logger: context.logger, outbox: store, owner };
  try {
    if (cli.mode === 'once') return await withEventDelivery(events, 'once', () => runOnce(context));
    return await withEventDelivery(events, 'schedule', () =>
      runScheduled(context, cli.schedule as string),
    );
  } finally {
    if (lock) await lock.release();
    await store?.close();
  }
}

/** The one options object of every round of this process. */
function roundContext(
  config: HealthConfig,
  cli: CliOptions,
  io: HealthIo,
  store: HealthStore | undefined,
  tokens: readonly TokenEntry[],
  owner: string,
  checkKeys: KeyRingCheck | undefined,
): RoundContext {
  const shutdown = new Shutdown();
  const { health } = config;
  return {
    config,
    cli,
    io,
    logger: createLogger(config.log.level, io.stderr),
    store: store ?? NO_STORE,
    ...(checkKeys ? { checkKeys } : {}),
    tokens,
    owner,
    check: createTokenChecker({
      baseUrl: config.attio.apiBaseUrl,
      signal: shutdown.signal,
      timeoutMs: health.timeoutMs,
      retries: health.retries,
      limiter: new SlidingWindowThrottle(health.rateLimitPerSecond, {
        now: io.now,
        sleep: io.sleep,
      }),
      now: io.now,
      sleep: io.sleep,
    }),
    memory: new StatusMemory(),
    metrics: createHealthMetrics(),
    shutdown,
  };
}

/**
 * `--once`: one round; the exit code summarises it. On SIGTERM/SIGINT no new check starts; in-flight
 * ones get HEALTH_SHUTDOWN_TIMEOUT_MS to finish, then they are abandoned.
 */
async function runOnce(ctx: RoundContext): Promise<ExitCode> {
  const { io, shutdown } = ctx;
  const bound = new AbortController();
  const unsubscribe = io.onSignal(() => {
    shutdown.requestStop();
    io.sleep(ctx.config.health.shutdownTimeoutMs, bound.signal).then(
      () => !bound.signal.aborted && shutdown.abandon(),
      () => undefined, // the round ended first
    );
  });
  try {
    return (await runRound(ctx)).exitCode;
  } catch (error) {
    if (
      isConnectionStoreError(error) &&
      error.code === ConnectionStoreErrorCode.KEY_RING_MISMATCH
    ) {
      io.stderr.write(`attio-token-health: ${error.message}\n`);
      return ExitCode.Config;
    }
    // The store failed mid-round (e.g. the database went away): nothing more could be checked.
    io.stderr.write(
      `attio-token-health: the round stopped early: ${maskDatabaseUrl((error as Error).message)}\n`,
    );
    return ExitCode.Unchecked;
  } finally {
    bound.abort();
    unsubscribe();
  }
}

function write(stream: OutputStream, text: string, code: ExitCode): ExitCode {
  stream.write(text);
  return code;
}
