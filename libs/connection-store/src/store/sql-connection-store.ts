import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import { CONNECTION_COLUMNS, toConnection, type ConnectionRow } from './connection-row.js';
import { countConnections, listConnections } from './connection-filter.js';
import {
  hardDeleteConnection,
  purgeDeleted,
  restoreConnection,
  softDeleteConnection,
} from './connection-lifecycle.js';
import { readToken } from './connection-records.js';
import { saveConnection } from './connection-save.js';
import type { ConsumedInstallSession, CreateInstallSessionInput } from './install-session-types.js';
import {
  consumeInstallSession,
  createInstallSession,
  purgeExpiredInstallSessions,
} from './install-sessions.js';
import { consumeState, createState, purgeExpiredStates } from './install-states.js';
import { leaseDue } from './lease-due.js';
import { leaseRevocations } from './lease-revocations.js';
import { enqueueRevocation, listRevocations, recordRevocation } from './revocation-queue.js';
import type {
  EnqueueRevocationInput,
  LeaseRevocationsOptions,
  LeasedRevocation,
  RecordRevocationInput,
  Revocation,
  RevocationState,
} from './revocation-types.js';
import { recordHealth } from './record-health.js';
import {
  countByStatus,
  healthHistory,
  purgeHealthHistory,
  statusCountsOverTime,
} from './health-history.js';
import type {
  HealthHistoryEntry,
  HealthHistoryOptions,
  StatusCountsOptions,
  StatusCountsOverTime,
} from './health-history-types.js';
import type { HealthRound, NewHealthRound } from './health-round-types.js';
import { lastRounds, recordRound } from './health-rounds.js';
import { leaseFlagged, recordObservations, skipSeenHealthy } from './observations.js';
import { appendEvents } from './outbox-append.js';
import { fanOutEvents } from './outbox-fan-out.js';
import { leaseDeliveries } from './outbox-lease.js';
import {
  disableDestination,
  enableDestination,
  listDisabledDestinations,
} from './outbox-destinations.js';
import { purgeEvents } from './outbox-purge.js';
import { replayEvent } from './outbox-replay.js';
import { countDeliveries, getEvent, listDeliveries, listEvents } from './outbox-query.js';
import { recordDeliveries, recordDelivery, type RecordItem } from './outbox-record.js';
import type {
  DeliveryAttempt,
  DeliveryState,
  DisabledDestination,
  EventDelivery,
  EventType,
  LeaseDeliveriesOptions,
  LeasedDelivery,
  NewEvent,
  StoredEvent,
} from './outbox-types.js';
import { ROTATION_BATCH_SIZE, rotateKeys } from './rotate-keys.js';
import { acquireRunLock, releaseRunLock, renewRunLock } from './run-locks.js';
import type { StoreContext } from './store-context.js';
import type {
  Connection,
  ConnectionFilter,
  ConnectionStore,
  ConsumedState,
  FlaggedLeaseOptions,
  HealthRecord,
  HealthStatus,
  HealthTransition,
  LeaseOptions,
  LeasedConnection,
  ListConnectionsOptions,
  RecordHealthOptions,
  RevokeOutcome,
  RotateKeysOptions,
  SaveConnectionInput,
  SkipSeenHealthyOptions,
  StoredObservation,
} from './types.js';
import { requireInteger, requireText } from './validate.js';

/**
 * Every role of the {@link ConnectionStore} over either SQL driver. Construct it through
 * `openConnectionStore`, which also runs migrations. Each method checks the store is open, then hands
 * over to the one small function of its concern.
 *
 * @example
 * ```ts
 * const store = await openConnectionStore({ keyRing });
 * await store.saveConnection({ workspaceId, scopes: ['record_permission:read'], token });
 * ```
 */
export class SqlConnectionStore implements ConnectionStore {
  private closed = false;

  constructor(private readonly ctx: StoreContext) {}

  get driver(): 'sqlite' | 'postgres' {
    return this.ctx.driver.kind;
  }

  async saveConnection(input: SaveConnectionInput): Promise<Connection> {
    this.assertOpen();
    return saveConnection(this.ctx, input);
  }

  async getConnection(workspaceId: string): Promise<Connection | undefined> {
    this.assertOpen();
    requireText(workspaceId, 'workspaceId');
    const rows = await this.ctx.driver.all<ConnectionRow>(
      `SELECT ${CONNECTION_COLUMNS} FROM connections WHERE workspace_id = $1`,
      [workspaceId],
    );
    return rows.length === 0 ? undefined : toConnection(rows[0]);
  }

  async getToken(workspaceId: string): Promise<string | undefined> {
    this.assertOpen();
    return readToken(this.ctx, workspaceId);
  }

  async listConnections(opts: ListConnectionsOptions = {}): Promise<Connection[]> {
    this.assertOpen();
    return listConnections(this.ctx, opts);
  }

  async *iterateConnections(
    opts: ConnectionFilter & { batchSize?: number } = {},
  ): AsyncIterable<Connection> {
    const { batchSize: size, ...filter } = opts;
    const batchSize = requireInteger(size ?? 100, 'batchSize', 1, 10_000);
    let afterWorkspaceId: string | undefined;
    for (;;) {
      const page = await this.listConnections({ ...filter, limit: batchSize, afterWorkspaceId });
      yield* page;
      if (page.length < batchSize) return;
      afterWorkspaceId = page[page.length - 1].workspaceId;
    }
  }

  async countConnections(filter: ConnectionFilter = {}): Promise<number> {
    this.assertOpen();
    return countConnections(this.ctx, filter);
  }

  async deleteConnection(workspaceId: string): Promise<boolean> {
    this.assertOpen();
    return hardDeleteConnection(this.ctx, workspaceId, { onlyDeleted: false });
  }

  async softDeleteConnection(
    workspaceId: string,
    options: { revoke: { outcome: RevokeOutcome; error?: string | null } | null; now?: Date },
  ): Promise<Connection | undefined> {
    this.assertOpen();
    return softDeleteConnection(this.ctx, workspaceId, options);
  }

  async restoreConnection(workspaceId: string): Promise<boolean> {
    this.assertOpen();
    return restoreConnection(this.ctx, workspaceId);
  }

  async purgeDeleted(options: { deletedBefore: Date }): Promise<number> {
    this.assertOpen();
    return purgeDeleted(this.ctx, options);
  }

  async purgeConnection(workspaceId: string): Promise<boolean> {
    this.assertOpen();
    return hardDeleteConnection(this.ctx, workspaceId, { onlyDeleted: true });
  }

  async createInstallSession(input: CreateInstallSessionInput): Promise<void> {
    this.assertOpen();
    return createInstallSession(this.ctx, input);
  }

  async consumeInstallSession(id: string): Promise<ConsumedInstallSession> {
    this.assertOpen();
    return consumeInstallSession(this.ctx, id);
  }

  async purgeExpiredInstallSessions(): Promise<number> {
    this.assertOpen();
    return purgeExpiredInstallSessions(this.ctx);
  }

  async enqueueRevocation(input: EnqueueRevocationInput): Promise<Revocation> {
    this.assertOpen();
    return enqueueRevocation(this.ctx, input);
  }

  async leaseRevocations(options: LeaseRevocationsOptions): Promise<LeasedRevocation[]> {
    this.assertOpen();
    return leaseRevocations(this.ctx, options);
  }

  async recordRevocation(
    id: string,
    input: RecordRevocationInput,
  ): Promise<Revocation | undefined> {
    this.assertOpen();
    return recordRevocation(this.ctx, id, input);
  }

  async listRevocations(
    options: { workspaceId?: string; state?: RevocationState; limit?: number } = {},
  ): Promise<Revocation[]> {
    this.assertOpen();
    return listRevocations(this.ctx, options);
  }

  async createState(input: { state: string; bindingHash: string; expiresAt: Date }): Promise<void> {
    this.assertOpen();
    return createState(this.ctx, input);
  }

  async consumeState(state: string): Promise<ConsumedState> {
    this.assertOpen();
    return consumeState(this.ctx, state);
  }

  async purgeExpiredStates(): Promise<number> {
    this.assertOpen();
    return purgeExpiredStates(this.ctx);
  }

  async lease(options: LeaseOptions): Promise<LeasedConnection[]> {
    this.assertOpen();
    return leaseDue(this.ctx, options);
  }

  async record(
    entries: readonly HealthRecord[],
    options?: RecordHealthOptions,
  ): Promise<(HealthTransition | undefined)[]> {
    this.assertOpen();
    return recordHealth(this.ctx, entries, options);
  }

  async healthHistory(
    workspaceId: string,
    options?: HealthHistoryOptions,
  ): Promise<HealthHistoryEntry[]> {
    this.assertOpen();
    return healthHistory(this.ctx, workspaceId, options);
  }

  async statusCountsOverTime(options: StatusCountsOptions): Promise<StatusCountsOverTime> {
    this.assertOpen();
    return statusCountsOverTime(this.ctx, options);
  }

  async countByStatus(): Promise<Record<HealthStatus, number>> {
    this.assertOpen();
    return countByStatus(this.ctx);
  }

  async purgeHealthHistory(options: { before: Date }): Promise<number> {
    this.assertOpen();
    return purgeHealthHistory(this.ctx, options);
  }

  async recordRound(round: NewHealthRound, options?: { keep?: number }): Promise<HealthRound> {
    this.assertOpen();
    return recordRound(this.ctx, round, options);
  }

  async lastRounds(limit?: number): Promise<HealthRound[]> {
    this.assertOpen();
    return lastRounds(this.ctx, limit);
  }

  async appendEvents(events: readonly NewEvent[]): Promise<StoredEvent[]> {
    this.assertOpen();
    return appendEvents(this.ctx, events);
  }

  async fanOutEvents(options: {
    limit: number;
    destinations: readonly { id: string; matches(event: StoredEvent): boolean }[];
  }): Promise<number> {
    this.assertOpen();
    return fanOutEvents(this.ctx, options);
  }

  async leaseDeliveries(options: LeaseDeliveriesOptions): Promise<LeasedDelivery[]> {
    this.assertOpen();
    return leaseDeliveries(this.ctx, options);
  }

  async recordDelivery(
    eventId: string,
    destinationId: string,
    owner: string,
    attempt: DeliveryAttempt,
  ): Promise<boolean> {
    this.assertOpen();
    return recordDelivery(this.ctx, eventId, destinationId, owner, attempt);
  }

  async recordDeliveries(owner: string, items: readonly RecordItem[]): Promise<boolean[]> {
    this.assertOpen();
    return recordDeliveries(this.ctx, owner, items);
  }

  async replayEvent(eventId: string, options: { destinationId?: string } = {}): Promise<number> {
    this.assertOpen();
    return replayEvent(this.ctx, eventId, options);
  }

  async listEvents(
    options: {
      workspaceId?: string;
      type?: EventType;
      deliveryState?: DeliveryState;
      beforeSeq?: number;
      limit?: number;
    } = {},
  ): Promise<StoredEvent[]> {
    this.assertOpen();
    return listEvents(this.ctx, options);
  }

  async getEvent(eventId: string): Promise<StoredEvent | undefined> {
    this.assertOpen();
    return getEvent(this.ctx, eventId);
  }

  async listDeliveries(eventId: string): Promise<EventDelivery[]> {
    this.assertOpen();
    return listDeliveries(this.ctx, eventId);
  }

  async countDeliveries(): Promise<Record<DeliveryState, number>> {
    this.assertOpen();
    return countDeliveries(this.ctx);
  }

  async purgeEvents(options: { before: Date }): Promise<number> {
    this.assertOpen();
    return purgeEvents(this.ctx, options);
  }

  async disableDestination(
    destinationId: string,
    options: { status?: number | null } = {},
  ): Promise<number> {
    this.assertOpen();
    return disableDestination(this.ctx, destinationId, options);
  }

  async enableDestination(destinationId: string): Promise<boolean> {
    this.assertOpen();
    return enableDestination(this.ctx, destinationId);
  }

  async listDisabledDestinations(): Promise<DisabledDestination[]> {
    this.assertOpen();
    return listDisabledDestinations(this.ctx);
  }

  async recordObservations(observations: readonly StoredObservation[]): Promise<number> {
    this.assertOpen();
    return recordObservations(this.ctx, observations);
  }

  async leaseFlagged(options: FlaggedLeaseOptions): Promise<LeasedConnection[]> {
    this.assertOpen();
    return leaseFlagged(this.ctx, options);
  }

  async skipSeenHealthy(options: SkipSeenHealthyOptions): Promise<number> {
    this.assertOpen();
    return skipSeenHealthy(this.ctx, options);
  }

  async acquireRunLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    this.assertOpen();
    return acquireRunLock(this.ctx, name, owner, ttlMs);
  }

  async renewRunLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    this.assertOpen();
    return renewRunLock(this.ctx, name, owner, ttlMs);
  }

  async releaseRunLock(name: string, owner: string): Promise<boolean> {
    this.assertOpen();
    return releaseRunLock(this.ctx, name, owner);
  }

  async rotateKeys(options: RotateKeysOptions = {}): Promise<{ rotated: number }> {
    this.assertOpen();
    return rotateKeys(
      this.ctx,
      requireInteger(options.batchSize ?? ROTATION_BATCH_SIZE, 'batchSize', 1, 10_000),
      options.onProgress,
    );
  }

  async keyIdsInUse(): Promise<string[]> {
    this.assertOpen();
    // The few key ids of `connections` by skipping through connections_token_kid_idx (the next id
    // after each one, a loose index scan), not by deduplicating every row: the health checker asks at
    // start-up and at each round, and at 1,000,000 connections the plain UNION took 230–480 ms of the
    // checker's own CPU on SQLite and 920–990 ms on PostgreSQL (a sort spilling to disk); this takes
    // under 10 ms. Pending revocations hold sealed tokens too (token_kid is NULL once revoked and
    // wiped); that table holds only the ones not yet revoked.
    const rows = await this.ctx.driver.all<{ token_kid: string }>(
      `WITH RECURSIVE kids (kid) AS (
         SELECT MIN(token_kid) FROM connections
         UNION ALL
         SELECT (SELECT MIN(c.token_kid) FROM connections c WHERE c.token_kid > kids.kid)
         FROM kids WHERE kids.kid IS NOT NULL)
       SELECT kid AS token_kid FROM kids WHERE kid IS NOT NULL
       UNION SELECT token_kid FROM revocations WHERE token_kid IS NOT NULL
       ORDER BY token_kid`,
    );
    return rows.map((r) => r.token_kid);
  }

  async ping(options: { timeoutMs?: number } = {}): Promise<void> {
    this.assertOpen();
    const name = this.driver === 'postgres' ? 'PostgreSQL' : 'SQLite';
    const timeoutMs =
      options.timeoutMs === undefined
        ? undefined
        : requireInteger(options.timeoutMs, 'timeoutMs', 1, 600_000);
    // The table the service reads and writes, so a lock held on it (a migration, a stuck ALTER TABLE)
    // shows here as it does in requests; LIMIT 0 reads no row.
    const query = this.ctx.driver.all('SELECT 1 AS ok FROM connections LIMIT 0');
    let timer: NodeJS.Timeout | undefined;
    try {
      if (timeoutMs === undefined) {
        await query;
      } else {
        // The query goes on after we stop waiting (pg cannot take back a pool checkout); the driver's
        // own timeouts end it, and its late error is dropped here.
        query.catch(() => undefined);
        await Promise.race([
          query,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new PingTimeout(timeoutMs)), timeoutMs);
          }),
        ]);
      }
    } catch (err) {
      if (err instanceof PingTimeout) {
        throw new ConnectionStoreError(
          ConnectionStoreErrorCode.UNAVAILABLE,
          `The ${name} database did not answer within ${err.timeoutMs} ms. Check that it is running and ` +
            'reachable and that no long transaction holds a lock on its tables.',
        );
      }
      const code = (err as { code?: unknown }).code;
      throw new ConnectionStoreError(
        ConnectionStoreErrorCode.UNAVAILABLE,
        `The ${name} database did not answer` +
          `${typeof code === 'string' ? ` (${code})` : ''}. Check that it is running and reachable; ` +
          'the store reconnects by itself once it is.',
        { cause: err },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ctx.driver.close();
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new ConnectionStoreError(
        ConnectionStoreErrorCode.CLOSED,
        'The connection store is closed; open a new one with openConnectionStore().',
      );
    }
  }
}

/** The ping's own deadline passed (told apart from a driver error by class). */
class PingTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}
