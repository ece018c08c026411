import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import { CONNECTION_COLUMNS, toConnection, type ConnectionRow } from './connection-row.js';
import { readToken, saveConnection } from './connection-records.js';
import { consumeState, createState, purgeExpiredStates } from './install-states.js';
import { leaseDue } from './lease-due.js';
import { recordHealth } from './record-health.js';
import { ROTATION_BATCH_SIZE, rotateKeys } from './rotate-keys.js';
import { acquireRunLock, releaseRunLock, renewRunLock } from './run-locks.js';
import type { StoreContext } from './store-context.js';
import type {
  Connection,
  ConnectionStore,
  ConsumedState,
  HealthRecord,
  HealthTransition,
  LeaseOptions,
  LeasedConnection,
  SaveConnectionInput,
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

  async listConnections(
    opts: { limit?: number; afterWorkspaceId?: string } = {},
  ): Promise<Connection[]> {
    this.assertOpen();
    const after =
      opts.afterWorkspaceId === undefined
        ? null
        : requireText(opts.afterWorkspaceId, 'afterWorkspaceId');
    const limit = opts.limit === undefined ? null : requireInteger(opts.limit, 'limit', 1, 10_000);
    // Keyset pagination on the primary key: stable under concurrent inserts, O(limit) per page.
    const rows = await this.ctx.driver.all<ConnectionRow>(
      `SELECT ${CONNECTION_COLUMNS} FROM connections WHERE workspace_id > $1
       ORDER BY workspace_id${limit === null ? '' : ' LIMIT $2'}`,
      limit === null ? [after ?? ''] : [after ?? '', limit],
    );
    return rows.map(toConnection);
  }

  async *iterateConnections(opts: { batchSize?: number } = {}): AsyncIterable<Connection> {
    const batchSize = requireInteger(opts.batchSize ?? 100, 'batchSize', 1, 10_000);
    let afterWorkspaceId: string | undefined;
    for (;;) {
      const page = await this.listConnections({ limit: batchSize, afterWorkspaceId });
      yield* page;
      if (page.length < batchSize) return;
      afterWorkspaceId = page[page.length - 1].workspaceId;
    }
  }

  async countConnections(): Promise<number> {
    this.assertOpen();
    const rows = await this.ctx.driver.all<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM connections',
    );
    return Number(rows[0].n);
  }

  async deleteConnection(workspaceId: string): Promise<boolean> {
    this.assertOpen();
    requireText(workspaceId, 'workspaceId');
    return (
      (await this.ctx.driver.run('DELETE FROM connections WHERE workspace_id = $1', [
        workspaceId,
      ])) === 1
    );
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

  async record(entries: readonly HealthRecord[]): Promise<(HealthTransition | undefined)[]> {
    this.assertOpen();
    return recordHealth(this.ctx, entries);
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

  async rotateKeys(options: { batchSize?: number } = {}): Promise<{ rotated: number }> {
    this.assertOpen();
    return rotateKeys(
      this.ctx,
      requireInteger(options.batchSize ?? ROTATION_BATCH_SIZE, 'batchSize', 1, 10_000),
    );
  }

  async keyIdsInUse(): Promise<string[]> {
    this.assertOpen();
    const rows = await this.ctx.driver.all<{ token_kid: string }>(
      'SELECT DISTINCT token_kid FROM connections ORDER BY token_kid',
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
