import type { Logger } from '@attio-auth/attio-core';
import { inRootSpan, type TracerProvider } from '@attio-auth/attio-otel';
import type {
  CheckInterval,
  Connection,
  HealthLedger,
  HealthTransition,
  LeaseOptions,
  LeasedConnection,
  NewHealthRound,
  ObservationLedger,
} from '@attio-auth/connection-store';
import type { CheckTarget } from './check-target.js';
import { decideAlert, type KnownStatus, type StatusMemory } from '../alerts/alert-policy.js';
import type { CliOptions } from '../cli/cli-args.js';
import { createReporter, type Reporter } from '../cli/reporter.js';
import type { TokenEntry } from '../cli/tokens-file.js';
import type { HealthConfig } from '../config.js';
import type { HealthIo } from '../io.js';
import { writeMetricsFile } from '../metrics/metrics-file.js';
import type { HealthMetrics } from '../metrics/metrics.js';
import { classify, type Classification } from './classify.js';
import { createGroupCommit } from './group-commit.js';
import { runPool } from './pool.js';
import { SummaryAccumulator, type CheckRecord, type RoundSummary } from './round-summary.js';
import type { Heartbeat } from '../heartbeat/heartbeat.js';
import type { IncidentLog } from './incident-log.js';
import { RoundIncident } from './round-incident.js';
import type { Shutdown } from './shutdown.js';
import type { TokenChecker } from './token-checker.js';

/** Everything a round needs, built once by `run()` from the config, the command line and the io. */
export interface RoundContext {
  /** With this invocation's `--concurrency` / `--base-url` applied. */
  readonly config: HealthConfig;
  readonly cli: Pick<CliOptions, 'json' | 'metricsFile'>;
  readonly io: HealthIo;
  readonly logger: Logger;
  /** With --skip-store, a ledger with nothing to lease (`NO_STORE`). */
  readonly store: RoundStore;
  /**
   * Whole-store key loss check, run before anything is checked: when it finds one, the round throws
   * it (`STORE_KEY_RING_MISMATCH`) instead of failing and alerting once per connection.
   */
  readonly checkKeys?: () => Promise<Error | undefined>;
  readonly tokens: readonly TokenEntry[];
  /** Lease owner id, unique per process. */
  readonly owner: string;
  readonly check: TokenChecker;
  /** Previous statuses of tokens-file entries (the store does not hold them). */
  readonly memory: StatusMemory;
  readonly metrics: HealthMetrics;
  readonly shutdown: Shutdown;
  /** Where the round's root span goes; default the global provider (a no-op unless tracing started). */
  readonly tracerProvider?: TracerProvider;
  /** Where the open incident lives between rounds (the store's events; in memory with --skip-store). */
  readonly incidents: IncidentLog;
  /** HEALTH_HEARTBEAT_URL, requested at the end of each round. */
  readonly heartbeat?: Heartbeat;
}

/**
 * What a round asks of the store: lease and record health, what clients observed, and a place to record
 * the finished round (the console's "last round"; its answer is not needed).
 */
export type RoundStore = HealthLedger &
  Pick<ObservationLedger, 'leaseFlagged' | 'skipSeenHealthy'> & {
    recordRound(round: NewHealthRound): Promise<unknown>;
  };

/**
 * `round`: the scheduled (or --once) round over every due connection. `recheck`: between rounds, only the
 * connections a client saw fail (leased by {@link leaseFlagged}); no tokens-file entries, no heartbeat, no
 * last-round metrics.
 */
export type RoundKind = 'round' | { recheck: readonly LeasedConnection[] };

/** A thing to check: a tokens-file entry, or a connection leased from the store. */
type Target =
  | { kind: 'token'; entry: TokenEntry }
  | { kind: 'connection'; leased: LeasedConnection };

/** One finished check: its verdict, when it was reached, when the check started (for its duration). */
interface Checked {
  readonly verdict: Classification;
  readonly checkedAt: Date;
  readonly started: number;
}

/** Previous and current failure counts of one target, the input of the alert policy. */
interface StatusChange {
  readonly previous: KnownStatus;
  readonly previousConsecutiveFailures: number;
  readonly consecutiveFailures: number;
}

/**
 * One health round: every tokens-file entry, then every due connection — leased in batches, so
 * several instances on PostgreSQL share the work and none is checked twice — each token opened
 * right before its own check, checked, classified, recorded (group commit) and alerted on a change,
 * with bounded concurrency. Ends by waiting (bounded) for alert deliveries, updating metrics and the
 * `--metrics-file`, and printing the summary.
 *
 * @example
 * const summary = await runRound(context); // summary.counts.revoked, summary.exitCode
 */
export function runRound(ctx: RoundContext, kind: RoundKind = 'round'): Promise<RoundSummary> {
  // One trace per round: every check's /v2/self (attio-core's spans) is a child of this span.
  return inRootSpan(
    'attio-auth health round',
    async (span) => {
      const summary = await roundOf(ctx, kind);
      span.setAttributes({
        'attio.round.checked': summary.checked,
        'attio.round.interrupted': summary.interrupted,
        'attio.round.exit_code': summary.exitCode,
      });
      return summary;
    },
    ctx.tracerProvider ? { tracerProvider: ctx.tracerProvider } : {},
  );
}

async function roundOf(ctx: RoundContext, kind: RoundKind): Promise<RoundSummary> {
  const { io, logger, metrics } = ctx;
  const reporter = createReporter({
    stdout: io.stdout,
    stderr: io.stderr,
    json: ctx.cli.json,
    now: io.now,
  });

  let summary: RoundSummary;
  try {
    summary = await checkEverything(ctx, reporter, kind);
  } catch (error) {
    if (kind !== 'round') throw error;
    // The round failed (the store went away, the key ring does not match, …): the dead-man's switch says so.
    await ctx.heartbeat?.ping('fail');
    throw error;
  }

  if (kind !== 'round') metrics.observeRecheck(summary);
  else metrics.observeRound(summary);
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
    {
      checked: summary.checked,
      counts: summary.counts,
      suppressed: summary.suppressed,
      discarded: summary.discarded,
      seenHealthy: summary.seenHealthy,
      incidentOpen: summary.incident.open,
      exitCode: summary.exitCode,
    },
    kind === 'round' ? 'round finished' : 'recheck of flagged connections finished',
  );
  if (kind !== 'round') return summary;
  await recordRound(ctx, summary);
  // A round stopped by shutdown neither completed nor failed: no ping (a deploy must not page anyone;
  // the heartbeat service's grace period covers the next round).
  if (!summary.interrupted) await ctx.heartbeat?.ping('success');
  return summary;
}

async function checkEverything(
  ctx: RoundContext,
  reporter: Reporter,
  kind: RoundKind,
): Promise<RoundSummary> {
  const { config, io, shutdown, store } = ctx;
  const loss = await ctx.checkKeys?.();
  if (loss) throw loss;
  const startedAt = io.now();
  const acc = new SummaryAccumulator(new Date(startedAt));
  let source: Target[] | undefined;
  if (kind === 'round') acc.seenHealthy(await skipSeen(ctx, startedAt));
  else source = kind.recheck.map((leased): Target => ({ kind: 'connection', leased }));
  const total =
    source !== undefined ? source.length : ctx.tokens.length + (await store.countConnections());
  reporter.start(total);
  const { concurrency, failureThreshold } = config.health;
  const checkInterval = checkIntervalOf(ctx);
  const incident = new RoundIncident(ctx, total, await ctx.incidents.current());
  const ledger = createGroupCommit(
    store,
    { maxBatch: concurrency, maxPending: concurrency },
    () => ({
      failedToCheckThreshold: failureThreshold,
      suppressTransient: incident.suppressing,
      checkInterval,
    }),
  );

  /** The end of every check: count, print and measure it, with the alert it raised (if any). */
  const conclude = (
    target: CheckTarget,
    check: Checked,
    alert: AlertKind | undefined,
    suppressed: boolean,
  ) => {
    const record = checkRecord(target, check, suppressed ? undefined : alert);
    acc.add(record, { suppressed });
    reporter.check(record);
    ctx.metrics.observeCheck(record, { suppressed });
  };

  const checkEntry = async (entry: TokenEntry) => {
    const started = io.now();
    const verdict = classify({
      outcome: await ctx.check(entry.token),
      requiredScopes: entry.requiredScopes,
    });
    if (shutdown.abandoned) return;
    incident.observe(verdict);
    const checked = { verdict, checkedAt: new Date(io.now()), started };
    conclude(
      { kind: 'token', name: entry.name },
      checked,
      entryAlert(ctx, verdict, ctx.memory.record(entry.name, verdict.status)),
      incident.suppressing && verdict.status === 'failed_to_check',
    );
  };

  const checkLeased = async (leased: LeasedConnection) => {
    const { connection } = leased;
    const started = io.now();
    const verdict = await openAndCheck(ctx, leased);
    // An aborted check says nothing about the token; its lease expires and another round retries it.
    if (shutdown.abandoned) return;
    incident.observe(verdict);
    const checked = { verdict, checkedAt: new Date(io.now()), started };
    const { status, errorCode, missingScopes } = verdict;
    // Resolves once the verdict is queued: the lane moves on while it is written (which frees the lease).
    await ledger.submit(
      {
        workspaceId: connection.workspaceId,
        // Re-installed since the lease (a new token): the store drops this verdict about the old one.
        expectTokenVersion: leased.tokenVersion,
        result: {
          status,
          checkedAt: checked.checkedAt,
          errorCode,
          missingScopes: [...missingScopes],
        },
      },
      (transition, options) => {
        // Not recorded: deleted (uninstalled) while we checked it, or re-installed with a new token.
        if (!transition) {
          acc.discard();
          ctx.metrics.observeDiscarded();
          return;
        }
        const suppressed = options.suppressTransient === true && status === 'failed_to_check';
        conclude(connectionTarget(connection), checked, eventAlert(transition), suppressed);
      },
    );
  };

  try {
    await runPool(
      source !== undefined ? listed(source) : targets(ctx, startedAt),
      { concurrency, shouldStop: () => shutdown.stopRequested },
      (target) => (target.kind === 'token' ? checkEntry(target.entry) : checkLeased(target.leased)),
    );
  } finally {
    await ledger.flush();
    await incident.settled();
  }
  const incidentState = await incident.finish(shutdown.stopRequested);
  return acc.finish(new Date(io.now()), shutdown.stopRequested, incidentState);
}

/**
 * Records the finished round in the store for the admin console. A store that fails here (gone away,
 * locked) must not fail a round whose verdicts are already recorded: it is logged as a warning.
 */
async function recordRound(ctx: RoundContext, summary: RoundSummary): Promise<void> {
  try {
    await ctx.store.recordRound({
      owner: ctx.owner,
      kind: 'round',
      startedAt: summary.startedAt,
      finishedAt: summary.finishedAt,
      checked: summary.checked,
      counts: { ...summary.counts },
      seenHealthy: summary.seenHealthy,
      interrupted: summary.interrupted,
      exitCode: summary.exitCode,
    });
  } catch (error) {
    ctx.logger.warn({ err: describe(error) }, 'could not record the round in the store');
  }
}

/**
 * The round's due bound: its start. A connection is due when the due time its last verdict was recorded
 * with ({@link checkIntervalOf}) is before it, so a connection checked during the round is not due again
 * in it, and instances started a bit apart (less than HEALTH_MIN_CHECK_INTERVAL_SECONDS) share a round.
 */
function dueBefore(startedAt: number): Date {
  return new Date(startedAt);
}

/** The bounded adaptive interval of every verdict (HEALTH_*_CHECK_INTERVAL_SECONDS), in ms. */
function checkIntervalOf(ctx: RoundContext): CheckInterval {
  const { minSeconds, maxSeconds, failingSeconds } = ctx.config.health.checkInterval;
  return { minMs: minSeconds * 1000, maxMs: maxSeconds * 1000, failingMs: failingSeconds * 1000 };
}

/**
 * HEALTH_SKIP_IF_SEEN_SECONDS: takes due healthy connections that a client used successfully that recently
 * out of the round (batches of HEALTH_BATCH_SIZE, index-backed like the lease); returns how many.
 */
async function skipSeen(ctx: RoundContext, startedAt: number): Promise<number> {
  const { skipIfSeenSeconds, batchSize } = ctx.config.health;
  if (skipIfSeenSeconds === 0) return 0;
  const options = {
    dueBefore: dueBefore(startedAt),
    seenSince: new Date(startedAt - skipIfSeenSeconds * 1000),
    limit: batchSize,
  };
  let skipped = 0;
  for (;;) {
    const n = await ctx.store.skipSeenHealthy(options);
    skipped += n;
    if (n < batchSize || ctx.shutdown.stopRequested) return skipped;
  }
}

/**
 * Leases (and unflags) up to HEALTH_BATCH_SIZE connections a client saw fail that no other checker holds,
 * for a recheck: `runRound(ctx, { recheck })` when any came back.
 *
 * @example
 * const recheck = await leaseFlagged(context);
 * if (recheck.length > 0) await runRound(context, { recheck });
 */
export function leaseFlagged(ctx: RoundContext): Promise<LeasedConnection[]> {
  const { batchSize, leaseSeconds } = ctx.config.health;
  return ctx.store.leaseFlagged({
    owner: ctx.owner,
    limit: batchSize,
    leaseMs: leaseSeconds * 1000,
  });
}

async function* listed(items: readonly Target[]): AsyncGenerator<Target> {
  yield* items;
}

/** Tokens-file entries first, then the store's due connections. */
async function* targets(ctx: RoundContext, startedAt: number): AsyncGenerator<Target> {
  for (const entry of ctx.tokens) yield { kind: 'token', entry };
  const { batchSize, leaseSeconds } = ctx.config.health;
  const leases = leaseBatches(
    ctx.store,
    {
      owner: ctx.owner,
      limit: batchSize,
      leaseMs: leaseSeconds * 1000,
      dueBefore: dueBefore(startedAt),
    },
    () => ctx.shutdown.stopRequested,
  );
  for await (const leased of leases) yield { kind: 'connection', leased };
}

/**
 * Streams due connections by leasing batches (`FOR UPDATE SKIP LOCKED` on PostgreSQL), so only one
 * batch is in memory and concurrent workers never claim the same connection. The next batch is
 * requested when half of the current one has been handed out, so checks do not stall on the query.
 * It ends when a lease comes back empty: everything due is checked or leased by another worker.
 * Connections leased but not handed out before a stop stay leased until the lease passes, then any
 * worker takes them over, exactly like after a crash.
 */
async function* leaseBatches(
  store: HealthLedger,
  options: LeaseOptions,
  stopped: () => boolean,
): AsyncGenerator<LeasedConnection> {
  const lease = () => {
    const pending = store.lease(options);
    // Handled now: a prefetch may reject while we are still yielding; it is awaited (and rethrown) below.
    pending.catch(() => undefined);
    return pending;
  };
  let next: Promise<LeasedConnection[]> | undefined = stopped() ? undefined : lease();
  try {
    while (next) {
      const batch = await next;
      next = undefined;
      if (batch.length === 0) return;
      const prefetchAt = Math.floor(batch.length / 2);
      for (const [i, leased] of batch.entries()) {
        if (i === prefetchAt && !stopped()) next = lease();
        yield leased;
      }
      if (!next && !stopped()) next = lease();
    }
  } finally {
    // A prefetch still in flight when the consumer stops: let it settle so no rejection goes unhandled.
    await next?.catch(() => undefined);
  }
}

/** Opens the sealed token (now, for this check only), checks and classifies it. Never throws. */
async function openAndCheck(
  ctx: RoundContext,
  { connection, openToken }: LeasedConnection,
): Promise<Classification> {
  let token: string;
  try {
    token = openToken();
  } catch (error) {
    // The key is missing from TOKEN_ENCRYPTION_KEYS (or the ciphertext is damaged): no verdict on the token.
    ctx.logger.error(
      { workspaceId: connection.workspaceId, err: describe(error) },
      'could not read the stored token',
    );
    return {
      status: 'failed_to_check',
      missingScopes: [],
      errorCode: 'STORE_TOKEN_UNREADABLE',
      detail:
        'The stored token could not be read or decrypted; check TOKEN_ENCRYPTION_KEYS holds its key.',
    };
  }
  const { requiredScopes } = ctx.config.health;
  return classify({
    outcome: await ctx.check(token, connection.workspaceId),
    requiredScopes: requiredScopes.length > 0 ? requiredScopes : connection.scopes,
    expectedWorkspaceId: connection.workspaceId,
  });
}

/** What a check's `alert` says: the event it raised (`problem`, `recovered`, `unreachable`). */
type AlertKind = 'problem' | 'recovered' | 'unreachable';

/**
 * The alert of a stored connection's check: the health event the store wrote with the verdict (same
 * transaction), which the event delivery worker posts to every destination that takes it
 * (ALERT_WEBHOOK_URL is one). The store decides it from the last alerted status, so a blip or a
 * repeat of a known problem raises none.
 */
function eventAlert(transition: HealthTransition): AlertKind | undefined {
  if (transition.event === 'health.recovered') return 'recovered';
  if (transition.event !== 'health.broken') return undefined;
  return transition.current === 'failed_to_check' ? 'unreachable' : 'problem';
}

/**
 * The alert of a tokens-file entry's check, for the report only: such a token is not in the store,
 * so it has no outbox and nothing is posted for it (the exit code and `--json` say it).
 */
function entryAlert(
  ctx: RoundContext,
  verdict: Classification,
  change: StatusChange,
): AlertKind | undefined {
  const decision = decideAlert({
    ...change,
    current: verdict.status,
    failureThreshold: ctx.config.health.failureThreshold,
  });
  return decision.alert ? decision.kind : undefined;
}

/**
 * The record the reporter, the summary and the metrics see. Its duration is the check's own (token
 * opened, /v2/self with retries, classified), not the wait for its verdict's write: on a busy store
 * that wait is the group commit's, and counting it made `durationMs` and the duration histogram
 * report the store's latency as Attio's.
 */
function checkRecord(
  target: CheckTarget,
  { verdict, checkedAt, started }: Checked,
  alert: AlertKind | undefined,
): CheckRecord {
  return {
    target,
    status: verdict.status,
    missingScopes: verdict.missingScopes,
    errorCode: verdict.errorCode,
    detail: verdict.detail,
    checkedAt,
    durationMs: checkedAt.getTime() - started,
    ...(alert ? { alert } : {}),
  };
}

function connectionTarget(connection: Connection): CheckTarget {
  return {
    kind: 'connection',
    workspaceId: connection.workspaceId,
    name: connection.workspaceName ?? null,
  };
}

function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}
