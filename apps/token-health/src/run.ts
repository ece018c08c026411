import { randomBytes } from 'node:crypto';
import { layerEnv, readDotEnv, type SharedLimiterConfig } from '@attio-auth/app-config';
import { SlidingWindowThrottle, type RateBudget } from '@attio-auth/attio-core';
import { startTracing } from '@attio-auth/attio-otel';
import { ConnectionStoreErrorCode, isConnectionStoreError } from '@attio-auth/connection-store';
import { createSharedRateBudget, openSharedLimiter } from '@attio-auth/rate-budget';
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
import { createHeartbeat } from './heartbeat/heartbeat.js';
import { createLogger } from './logger.js';
import { createHealthMetrics } from './metrics/metrics.js';
import { runRound, type RoundContext } from './round/health-round.js';
import { memoryIncidentLog, storeIncidentLog } from './round/incident-log.js';
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

  const shared = config.sharedLimiter
    ? await openSharedBudget(config.sharedLimiter, config.log.level, io)
    : undefined;
  const context = roundContext(config, cli, io, store, tokens, owner, checkKeys, shared?.budget);
  // OpenTelemetry only when a collector is configured: each round becomes one trace.
  const tracing = config.otel.endpoint
    ? startTracing({ serviceName: config.otel.serviceName, endpoint: config.otel.endpoint })
    : undefined;
  const events = {
    config,
    io,
    logger: context.logger,
    outbox: store,
    owner,
    metrics: context.metrics,
  };
  try {
    if (cli.mode === 'once') return await withEventDelivery(events, 'once', () => runOnce(context));
    return await withEventDelivery(events, 'schedule', () =>
      runScheduled(context, cli.schedule as string),
    );
  } finally {
    if (lock) await lock.release();
    await shared?.close();
    await store?.close();
    // Flush the last spans; a collector that is down must not fail the run or hold up its exit code.
    await tracing?.shutdown().catch((error: unknown) => {
      context.logger.warn({ err: (error as Error).message }, 'could not flush the last spans');
    });
  }
}

/** SHARED_LIMITER=redis|postgres: Attio's per-token budget shared with every process on that store. */
async function openSharedBudget(
  settings: SharedLimiterConfig,
  level: string,
  io: HealthIo,
): Promise<{ budget: RateBudget; close(): Promise<void> }> {
  const logger = createLogger(level, io.stderr);
  const { store, close } = await openSharedLimiter(settings, { logger, keyPrefix: 'attio-auth' });
  return { budget: await createSharedRateBudget({ store }), close };
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
  rateBudget: RateBudget | undefined,
): RoundContext {
  const shutdown = new Shutdown();
  const { health, heartbeat } = config;
  const logger = createLogger(config.log.level, io.stderr);
  return {
    config,
    cli,
    io,
    logger,
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
      ...(rateBudget ? { rateBudget } : {}),
      now: io.now,
      sleep: io.sleep,
    }),
    memory: new StatusMemory(),
    metrics: createHealthMetrics(),
    shutdown,
    // The store's events are the incident's truth (shared by instances, kept across restarts).
    incidents: store ? storeIncidentLog(store) : memoryIncidentLog(io.now),
    ...(heartbeat.url
      ? {
          heartbeat: createHeartbeat({
            url: heartbeat.url,
            timeoutMs: heartbeat.timeoutMs,
            fetch: io.fetch,
            logger,
          }),
        }
      : {}),
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
