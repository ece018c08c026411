import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { SlidingWindowThrottle } from '@attio-auth/attio-core';
import { StatusMemory } from './alert-policy.js';
import { parseCliArgs, USAGE } from './cli-args.js';
import { ConfigError, loadConfig, type HealthConfig } from './config.js';
import { EXIT } from './exit-code.js';
import { createLogger } from './logger.js';
import { createHealthMetrics } from './metrics.js';
import {
  maskDatabaseUrl,
  openStoreFromConfig,
  StoreOpenError,
  type StoreOpener,
} from './open-store.js';
import type { OutputStream } from './reporter.js';
import { createRoundRunner } from './round-runner.js';
import { runScheduled } from './run-scheduled.js';
import { holdRunLock, RUN_LOCK_NAME } from './run-lock.js';
import { createTokenChecker } from './token-checker.js';
import { loadTokensFile, TokensFileError, type TokenEntry } from './tokens-file.js';

/** Everything `run` touches outside itself; main.ts passes the real process, tests pass their own. */
export interface RunIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Used for alert webhooks; checks go through attio-core's undici transport. */
  readonly fetch: typeof fetch;
  readonly now: () => number;
  /** Resolves early (without throwing) when the signal aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Subscribes to SIGTERM/SIGINT; returns an unsubscribe function. */
  readonly onSignal: (handler: (signal: string) => void) => () => void;
  readonly version: string;
  readonly hostname: string;
  /** Defaults to opening DATABASE_URL with TOKEN_ENCRYPTION_KEYS. */
  readonly openStore?: StoreOpener;
  /** Scheduler mode: called with the port /healthz and /metrics listen on. */
  readonly onListening?: (port: number) => void;
}

/**
 * The whole CLI as a function of argv and io; returns the exit code and never calls process.exit.
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2), nodeIo());
 */
export async function run(argv: readonly string[], io: RunIo): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    io.stderr.write(`attio-token-health: ${parsed.message}\nRun with --help for usage.\n`);
    return EXIT.USAGE;
  }
  const cli = parsed.options;
  if (cli.mode === 'help') return write(io.stdout, `${USAGE}\n`, EXIT.OK);
  if (cli.mode === 'version') return write(io.stdout, `${io.version}\n`, EXIT.OK);

  let config: HealthConfig;
  let tokens: TokenEntry[] = [];
  try {
    config = loadConfig(io.env);
    if (cli.tokensFile) tokens = await loadTokensFile(cli.tokensFile);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof TokensFileError) {
      return write(io.stderr, `attio-token-health: ${error.message}\n`, EXIT.CONFIG);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL, io.stderr);
  const owner = config.HEALTH_INSTANCE_ID ?? `${io.hostname}-${randomBytes(4).toString('hex')}`;

  let store;
  if (!cli.skipStore) {
    try {
      // One pooled connection per lane, plus one for leasing the next batch and one spare (PostgreSQL).
      const poolSize = (cli.concurrency ?? config.HEALTH_CONCURRENCY) + 2;
      store = await (io.openStore ?? openStoreFromConfig)(config, { poolSize });
    } catch (error) {
      const message =
        error instanceof StoreOpenError
          ? error.message
          : `Cannot open the connection store: ${(error as Error).message}`;
      return write(io.stderr, `attio-token-health: ${message}\n`, EXIT.CONFIG);
    }
  }
  // SQLite has no row-level SKIP LOCKED: a single instance checks it, guarded by a run lock.
  const lock =
    store?.driver === 'sqlite'
      ? await holdRunLock(store, owner, config.HEALTH_LEASE_SECONDS * 1000)
      : undefined;
  if (store && lock === false) {
    await store.close();
    return write(
      io.stderr,
      `attio-token-health: another instance holds the run lock "${RUN_LOCK_NAME}" on this SQLite store; ` +
        'only one checker may run against SQLite (use PostgreSQL to run several). Exiting.\n',
      EXIT.LOCKED,
    );
  }

  const abandon = new AbortController();
  // Every in-flight check (and each retry wait) listens on this one signal: more than the default 10.
  setMaxListeners(10_000, abandon.signal);
  let stopRequested = false;
  const metrics = createHealthMetrics();
  const round = createRoundRunner({
    config,
    cli,
    store,
    tokens,
    memory: new StatusMemory(),
    metrics,
    logger,
    owner,
    check: createTokenChecker({
      baseUrl: cli.baseUrl ?? config.ATTIO_API_BASE_URL,
      signal: abandon.signal,
      timeoutMs: config.HEALTH_TIMEOUT_MS,
      retries: config.HEALTH_RETRIES,
      limiter: new SlidingWindowThrottle(config.HEALTH_RATE_LIMIT_PER_SECOND, {
        now: io.now,
        sleep: io.sleep,
      }),
      now: io.now,
      sleep: io.sleep,
    }),
    stdout: io.stdout,
    stderr: io.stderr,
    fetch: io.fetch,
    now: io.now,
    sleep: io.sleep,
    stopRequested: () => stopRequested,
    abandoned: () => abandon.signal.aborted,
  });

  try {
    if (cli.mode === 'once')
      return await runOnce(
        config,
        io,
        round,
        () => (stopRequested = true),
        () => abandon.abort(),
      );
    return await runScheduled({
      cron: cli.schedule as string,
      config,
      io,
      logger,
      metrics,
      round: async () => (await round()).exitCode,
      requestStop: () => (stopRequested = true),
      abandon: () => abandon.abort(),
    });
  } finally {
    if (lock) await lock.release();
    await store?.close();
  }
}

async function runOnce(
  config: HealthConfig,
  io: RunIo,
  round: () => Promise<{ exitCode: number }>,
  requestStop: () => void,
  abandon: () => void,
): Promise<number> {
  // SIGTERM during --once: stop starting checks, give in-flight ones the shutdown bound, then abort them.
  const timer = new AbortController();
  const unsubscribe = io.onSignal(() => {
    requestStop();
    void io.sleep(config.HEALTH_SHUTDOWN_TIMEOUT_MS, timer.signal).then(() => {
      if (!timer.signal.aborted) abandon();
    });
  });
  try {
    return (await round()).exitCode;
  } catch (error) {
    // The store failed mid-round (e.g. the database went away): nothing more could be checked.
    io.stderr.write(
      `attio-token-health: the round stopped early: ${maskDatabaseUrl((error as Error).message)}\n`,
    );
    return EXIT.UNCHECKED;
  } finally {
    timer.abort();
    unsubscribe();
  }
}

function write(stream: OutputStream, text: string, code: number): number {
  stream.write(text);
  return code;
}
