import type { Connection, ConnectionStore } from '@attio-auth/connection-store';
import type { CheckTarget } from './alert-message.js';
import type { KnownStatus, StatusMemory } from './alert-policy.js';
import type { AlertSender } from './alert-sender.js';
import { classify, type Classification } from './classify.js';
import { finishCheck } from './finish-check.js';
import type { Logger } from './logger.js';
import { runPool } from './pool.js';
import { SummaryAccumulator, type CheckRecord, type RoundSummary } from './round-summary.js';
import { leasedConnections, type LeasedJob } from './leased-connections.js';
import type { TokenEntry } from './tokens-file.js';
import type { TokenChecker } from './token-checker.js';
import { createHealthWriter, type HealthWriter } from './health-writer.js';

/** The store operations a round needs (a ConnectionStore satisfies it). */
export type HealthStore = Pick<
  ConnectionStore,
  | 'leaseDue'
  | 'leaseDueWithTokens'
  | 'getToken'
  | 'recordHealth'
  | 'recordHealthMany'
  | 'countConnections'
>;

export interface RoundDeps {
  /** Absent with --skip-store. */
  readonly store?: HealthStore;
  readonly tokens: readonly TokenEntry[];
  readonly check: TokenChecker;
  /** Absent when ALERT_WEBHOOK_URL is unset. */
  readonly alerts?: AlertSender;
  /** Previous statuses of tokens-file entries (they are not stored). */
  readonly memory: StatusMemory;
  /** HEALTH_REQUIRED_SCOPES; empty = each connection's scopes at install time. */
  readonly requiredScopes: readonly string[];
  readonly failureThreshold: number;
  readonly concurrency: number;
  /** Lease owner id, unique per process. */
  readonly owner: string;
  readonly batchSize: number;
  readonly leaseMs: number;
  /** A connection checked less than this long ago is not due (lets instances started a bit apart share a round). */
  readonly minCheckIntervalMs: number;
  readonly now: () => number;
  readonly logger: Logger;
  /** True once shutdown began: no new check starts. */
  readonly shouldStop: () => boolean;
  /** True once shutdown gave up waiting: results of aborted checks are dropped, not recorded. */
  readonly abandoned?: () => boolean;
  /** Called for every finished check (reporter, metrics). */
  readonly onCheck?: (record: CheckRecord) => void;
  /** Called once the total is known (store count + tokens). */
  readonly onStart?: (total: number) => void;
}

type Job = { kind: 'token'; entry: TokenEntry } | { kind: 'connection'; leased: LeasedJob };

/**
 * One health round: every tokens-file entry, then every due connection, leased in batches (so several
 * instances on PostgreSQL share the work and none is checked twice), checked with bounded concurrency.
 * Each token is decrypted (`openToken` from the lease, else `getToken`) right before its own check and dropped after it; the result is
 * recorded while the lane moves on to its next check.
 *
 * @example
 * const summary = await runHealthRound(deps); // summary.counts.revoked, summary.exitCode
 */
export async function runHealthRound(deps: RoundDeps): Promise<RoundSummary> {
  const startedAt = deps.now();
  const acc = new SummaryAccumulator(new Date(startedAt));
  const total = deps.tokens.length + (deps.store ? await deps.store.countConnections() : 0);
  deps.onStart?.(total);

  async function* jobs(): AsyncGenerator<Job> {
    for (const entry of deps.tokens) yield { kind: 'token', entry };
    if (!deps.store) return;
    const leased = leasedConnections({
      store: deps.store,
      owner: deps.owner,
      batchSize: deps.batchSize,
      leaseMs: deps.leaseMs,
      dueBefore: new Date(startedAt - deps.minCheckIntervalMs),
      shouldStop: deps.shouldStop,
    });
    for await (const job of leased) yield { kind: 'connection', leased: job };
  }

  const settle = (record: CheckRecord | undefined) => {
    if (!record) return;
    acc.add(record);
    deps.onCheck?.(record);
  };
  // Recording a result (a store transaction) runs off the lane's critical path, so a lane starts its
  // next check while the previous result is written; writes in flight are bounded by the concurrency.
  const writes = new Set<Promise<void>>();
  const writer = deps.store ? createHealthWriter(deps.store, deps.concurrency) : undefined;
  let writeFailure: { error: unknown } | undefined;
  try {
    await runPool(
      jobs(),
      { concurrency: deps.concurrency, shouldStop: deps.shouldStop },
      async (job) => {
        if (writeFailure) throw writeFailure.error;
        if (job.kind === 'token') return settle(await checkEntry(deps, job.entry));
        const record = await checkConnection(deps, job.leased);
        if (!record) return;
        // Never rejects (a failed write or report is kept for after the pool), so no rejection goes unhandled.
        const task = record(writer as HealthWriter)
          .then(settle)
          .catch((error: unknown) => void (writeFailure ??= { error }));
        writes.add(task);
        void task.finally(() => writes.delete(task));
        while (writes.size >= deps.concurrency) await Promise.race(writes);
      },
    );
  } finally {
    await Promise.all(writes);
  }
  if (writeFailure) throw writeFailure.error;
  return acc.finish(new Date(deps.now()), deps.shouldStop());
}

async function checkEntry(deps: RoundDeps, entry: TokenEntry): Promise<CheckRecord | undefined> {
  const started = deps.now();
  const verdict = classify({
    outcome: await deps.check(entry.token),
    requiredScopes: entry.requiredScopes,
  });
  if (deps.abandoned?.()) return undefined;
  const checkedAt = new Date(deps.now());
  const states = deps.memory.record(entry.name, verdict.status);
  return finishCheck(
    deps,
    { kind: 'token', name: entry.name },
    verdict,
    states,
    checkedAt,
    started,
  );
}

/** Phase 1, on the lane: decrypt the token and check it. Returns phase 2 (record + alert), or undefined to skip. */
async function checkConnection(
  deps: RoundDeps,
  leased: LeasedJob,
): Promise<((write: HealthWriter) => Promise<CheckRecord | undefined>) | undefined> {
  const store = deps.store as HealthStore;
  const { connection, openToken } = leased;
  const started = deps.now();
  let verdict: Classification;
  try {
    // Sealed token from the lease (decrypted now, for this check only), else one read; undefined = deleted
    // since it was leased: nothing to check. (A lease-time token of a connection deleted meanwhile is
    // checked, and its result dropped when recordHealth finds no row.)
    const token = openToken ? openToken() : await store.getToken(connection.workspaceId);
    if (token === undefined) return undefined;
    const requiredScopes = deps.requiredScopes.length > 0 ? deps.requiredScopes : connection.scopes;
    verdict = classify({
      outcome: await deps.check(token),
      requiredScopes,
      expectedWorkspaceId: connection.workspaceId,
    });
  } catch (error) {
    // Decryption failed (key missing from TOKEN_ENCRYPTION_KEYS) or the store hiccupped: no verdict on the token.
    deps.logger.error(
      { workspaceId: connection.workspaceId, err: describe(error) },
      'could not read the stored token',
    );
    verdict = {
      status: 'failed_to_check',
      missingScopes: [],
      errorCode: 'STORE_TOKEN_UNREADABLE',
      detail:
        'The stored token could not be read or decrypted; check TOKEN_ENCRYPTION_KEYS holds its key.',
    };
  }
  // An aborted check says nothing about the token; its lease expires and another round retries it.
  if (deps.abandoned?.()) return undefined;
  const checkedAt = new Date(deps.now());
  return (write: HealthWriter) =>
    recordConnection(deps, write, connection, verdict, checkedAt, started);
}

/** Phase 2, off the lane: write the verdict (which also frees the lease), then decide on an alert. */
async function recordConnection(
  deps: RoundDeps,
  write: HealthWriter,
  connection: Connection,
  verdict: Classification,
  checkedAt: Date,
  started: number,
): Promise<CheckRecord | undefined> {
  const stored = await write(connection.workspaceId, {
    status: verdict.status,
    checkedAt,
    errorCode: verdict.errorCode,
    missingScopes: [...verdict.missingScopes],
  });
  // Deleted (uninstalled) while we checked it: there is nothing left to report on.
  if (stored === undefined) return undefined;
  const states = {
    previous: stored.previous as KnownStatus,
    previousConsecutiveFailures: connection.health.consecutiveFailures,
    consecutiveFailures: stored.consecutiveFailures,
  };
  const target: CheckTarget = {
    kind: 'connection',
    workspaceId: connection.workspaceId,
    name: connection.workspaceName ?? null,
  };
  return finishCheck(deps, target, verdict, states, checkedAt, started);
}

function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}
