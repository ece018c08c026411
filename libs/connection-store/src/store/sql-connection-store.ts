import { createAttioClient, type AttioClient, type AttioClientOptions } from '@attio-auth/attio-core';
import { decryptToken, encryptToken } from '../crypto/token-cipher.js';
import { ConnectionStoreError, ConnectionStoreErrorCode } from '../errors/connection-store-error.js';
import { CONNECTION_COLUMNS, toConnection, type ConnectionRow } from './connection-row.js';
import { leaseDue, recordHealth } from './health-and-leases.js';
import { createInstallStateStore } from './install-states.js';
import { ROTATION_BATCH_SIZE, rotateKeys } from './rotate-keys.js';
import { createRunLocks, type RunLocks } from './run-locks.js';
import type { StoreContext } from './store-context.js';
import type {
  Connection,
  ConnectionStore,
  HealthResult,
  HealthTransition,
  InstallStateStore,
  LeaseDueOptions,
  SaveConnectionInput,
} from './types.js';
import { optionalText, requireInteger, requireStringArray, requireText } from './validate.js';

/**
 * The {@link ConnectionStore} over either SQL driver. Construct it through `openConnectionStore`,
 * which also runs migrations.
 *
 * @example
 * ```ts
 * const store = await openConnectionStore({ keyRing });
 * await store.saveConnection({ workspaceId, scopes: ['record_permission:read'], token });
 * ```
 */
export class SqlConnectionStore implements ConnectionStore {
  readonly states: InstallStateStore;
  private readonly locks: RunLocks;
  private closed = false;

  constructor(private readonly ctx: StoreContext) {
    this.states = createInstallStateStore(ctx);
    this.locks = createRunLocks(ctx);
  }

  get driver(): 'sqlite' | 'postgres' {
    return this.ctx.driver.kind;
  }

  async saveConnection(input: SaveConnectionInput): Promise<Connection> {
    this.assertOpen();
    const workspaceId = requireText(input?.workspaceId, 'workspaceId');
    const token = requireText(input.token, 'token');
    const values = [
      workspaceId,
      optionalText(input.workspaceName, 'workspaceName'),
      optionalText(input.workspaceSlug, 'workspaceSlug'),
      optionalText(input.tokenLevel, 'tokenLevel'),
      JSON.stringify(requireStringArray(input.scopes, 'scopes')),
      optionalText(input.installedBy, 'installedBy'),
      this.ctx.now().getTime(),
    ];
    const sealed = encryptToken(this.ctx.keyRing, workspaceId, token);
    // One statement in one transaction: a re-install swaps token and metadata atomically, keeps
    // installed_at, and resets health and lease because the new token has not been checked yet.
    return this.ctx.driver.transaction(async (tx) => {
      const rows = await tx.all<ConnectionRow>(
        `INSERT INTO connections (workspace_id, workspace_name, workspace_slug, token_level, scopes, installed_by,
           installed_at_ms, updated_at_ms, token_kid, token_iv, token_ciphertext)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10)
         ON CONFLICT (workspace_id) DO UPDATE SET workspace_name = excluded.workspace_name,
           workspace_slug = excluded.workspace_slug, token_level = excluded.token_level, scopes = excluded.scopes,
           installed_by = excluded.installed_by, updated_at_ms = excluded.updated_at_ms,
           token_kid = excluded.token_kid, token_iv = excluded.token_iv, token_ciphertext = excluded.token_ciphertext,
           health_status = 'unknown', health_status_since_ms = NULL, last_checked_at_ms = NULL,
           consecutive_failures = 0, last_error_code = NULL, missing_scopes = '[]',
           lease_owner = NULL, lease_expires_at_ms = NULL
         RETURNING ${CONNECTION_COLUMNS}`,
        [...values, sealed.kid, sealed.iv, sealed.ciphertext],
      );
      return toConnection(rows[0]);
    });
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
    requireText(workspaceId, 'workspaceId');
    const rows = await this.ctx.driver.all<{ token_kid: string; token_iv: Buffer; token_ciphertext: Buffer }>(
      'SELECT token_kid, token_iv, token_ciphertext FROM connections WHERE workspace_id = $1',
      [workspaceId],
    );
    if (rows.length === 0) return undefined;
    return decryptToken(this.ctx.keyRing, workspaceId, {
      kid: rows[0].token_kid,
      iv: Buffer.from(rows[0].token_iv),
      ciphertext: Buffer.from(rows[0].token_ciphertext),
    });
  }

  async createClient(workspaceId: string, options: Omit<AttioClientOptions, 'token'> = {}): Promise<AttioClient> {
    const token = await this.getToken(workspaceId);
    if (token === undefined) {
      throw new ConnectionStoreError(
        ConnectionStoreErrorCode.CONNECTION_NOT_FOUND,
        `No connection is stored for workspace "${workspaceId}". Install the app in that workspace first.`,
      );
    }
    return createAttioClient({ ...options, token });
  }

  async listConnections(opts: { limit?: number; afterWorkspaceId?: string } = {}): Promise<Connection[]> {
    this.assertOpen();
    const after = opts.afterWorkspaceId === undefined ? null : requireText(opts.afterWorkspaceId, 'afterWorkspaceId');
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
    const rows = await this.ctx.driver.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM connections');
    return Number(rows[0].n);
  }

  async deleteConnection(workspaceId: string): Promise<boolean> {
    this.assertOpen();
    requireText(workspaceId, 'workspaceId');
    return (await this.ctx.driver.run('DELETE FROM connections WHERE workspace_id = $1', [workspaceId])) === 1;
  }

  async recordHealth(workspaceId: string, result: HealthResult): Promise<HealthTransition> {
    this.assertOpen();
    return recordHealth(this.ctx, workspaceId, result);
  }

  async leaseDue(options: LeaseDueOptions): Promise<Connection[]> {
    this.assertOpen();
    return leaseDue(this.ctx, options);
  }

  async acquireRunLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    this.assertOpen();
    return this.locks.acquire(name, owner, ttlMs);
  }

  async renewRunLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    this.assertOpen();
    return this.locks.renew(name, owner, ttlMs);
  }

  async releaseRunLock(name: string, owner: string): Promise<boolean> {
    this.assertOpen();
    return this.locks.release(name, owner);
  }

  async rotateKeys(options: { batchSize?: number } = {}): Promise<{ rotated: number }> {
    this.assertOpen();
    return rotateKeys(this.ctx, requireInteger(options.batchSize ?? ROTATION_BATCH_SIZE, 'batchSize', 1, 10_000));
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.ctx.driver.all('SELECT 1 AS ok');
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
