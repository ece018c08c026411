import type { AttioClient, AttioClientOptions } from '@attio-auth/attio-core';

/**
 * The health checker's verdict on a stored token.
 *
 * @example
 * ```ts
 * const status: HealthStatus = 'under_scoped';
 * ```
 */
export type HealthStatus =
  | 'unknown'
  | 'healthy'
  | 'revoked'
  | 'under_scoped'
  | 'workspace_mismatch'
  | 'failed_to_check';

/**
 * Every {@link HealthStatus}, in a stable order (handy for validation and metrics labels).
 *
 * @example
 * ```ts
 * HEALTH_STATUSES.includes(input as HealthStatus); // validate a CLI flag
 * ```
 */
export const HEALTH_STATUSES: readonly HealthStatus[] = Object.freeze([
  'unknown',
  'healthy',
  'revoked',
  'under_scoped',
  'workspace_mismatch',
  'failed_to_check',
]);

/**
 * Health fields owned by the health checker.
 *
 * @example
 * ```ts
 * const { status, statusSince } = (await store.getConnection(id))!.health;
 * ```
 */
export interface ConnectionHealth {
  status: HealthStatus;
  /** When the status last changed; null until the first check. */
  statusSince: Date | null;
  lastCheckedAt: Date | null;
  /** Consecutive `failed_to_check` results; reset by any other status. */
  consecutiveFailures: number;
  lastErrorCode: string | null;
  /** Scopes the last check found missing (empty unless under-scoped). Addition to the contract. */
  missingScopes: string[];
}

/**
 * One installed workspace. Never contains the token.
 *
 * @example
 * ```ts
 * for (const c of await store.listConnections()) console.log(c.workspaceName, c.health.status);
 * ```
 */
export interface Connection {
  workspaceId: string;
  workspaceName: string | null;
  workspaceSlug: string | null;
  tokenLevel: string | null;
  scopes: string[];
  installedBy: string | null;
  installedAt: Date;
  updatedAt: Date;
  health: ConnectionHealth;
}

/**
 * Input of `saveConnection`.
 *
 * @example
 * ```ts
 * await store.saveConnection({ workspaceId: identity.workspaceId, scopes: identity.scopes, token });
 * ```
 */
export interface SaveConnectionInput {
  workspaceId: string;
  workspaceName?: string | null;
  workspaceSlug?: string | null;
  tokenLevel?: string | null;
  scopes: string[];
  installedBy?: string | null;
  token: string;
}

/**
 * Input of `recordHealth`.
 *
 * @example
 * ```ts
 * await store.recordHealth(id, { status: 'healthy', checkedAt: new Date() });
 * ```
 */
export interface HealthResult {
  status: HealthStatus;
  checkedAt: Date;
  errorCode?: string | null;
  missingScopes?: string[];
}

/**
 * Output of `recordHealth`.
 *
 * @example
 * ```ts
 * const { previous, current } = await store.recordHealth(id, result);
 * if (previous !== current) alert(id, current);
 * ```
 */
export interface HealthTransition {
  previous: HealthStatus;
  current: HealthStatus;
  consecutiveFailures: number;
}

/**
 * Server-side OAuth `state` records for the callback service (RFC 6749 §10.12 CSRF protection).
 *
 * @example
 * ```ts
 * await store.states.create({ state, bindingHash, expiresAt });
 * const found = await store.states.consume(state);
 * ```
 */
export interface InstallStateStore {
  /** Stores a state; throws `STORE_STATE_EXISTS` if the same state is already stored. */
  create(input: {
    state: string;
    bindingHash: string;
    expiresAt: Date;
  }): Promise<void>;
  /**
   * Atomically removes and returns the state. A second consume of the same state returns undefined.
   * An expired-but-unpurged state is still returned (and removed) so the caller can report "expired"
   * rather than "unknown"; compare `expiresAt` with your clock.
   */
  consume(
    state: string,
  ): Promise<{ bindingHash: string; expiresAt: Date } | undefined>;
  /** Deletes states whose expiry is at or before `now()`; returns how many. */
  purgeExpired(): Promise<number>;
}

/**
 * Options of `leaseDue`.
 *
 * @example
 * ```ts
 * await store.leaseDue({ owner: 'checker-1', limit: 50, leaseMs: 60_000, dueBefore: new Date(Date.now() - 3_600_000) });
 * ```
 */
export interface LeaseDueOptions {
  owner: string;
  limit: number;
  leaseMs: number;
  dueBefore: Date;
}

/**
 * One leased connection with its token still encrypted; `openToken()` decrypts it (throws
 * `STORE_KEY_UNKNOWN` / `STORE_DECRYPT_FAILED` like `getToken`). Call it right before the check that
 * needs the token, and drop the result after it.
 *
 * @example
 * ```ts
 * const [{ connection, openToken }] = await store.leaseDueWithTokens!(options);
 * await checkToken(connection.workspaceId, openToken());
 * ```
 */
export interface LeasedConnection {
  connection: Connection;
  openToken(): string;
}

/**
 * The store API. Both drivers implement it identically (one contract test suite).
 *
 * @example
 * ```ts
 * const store: ConnectionStore = await openConnectionStore({ keyRing });
 * const token = await store.getToken(workspaceId);
 * ```
 */
export interface ConnectionStore {
  readonly driver: 'sqlite' | 'postgres';
  readonly states: InstallStateStore;
  saveConnection(input: SaveConnectionInput): Promise<Connection>;
  getConnection(workspaceId: string): Promise<Connection | undefined>;
  getToken(workspaceId: string): Promise<string | undefined>;
  createClient(
    workspaceId: string,
    options?: Omit<AttioClientOptions, 'token'>,
  ): Promise<AttioClient>;
  listConnections(opts?: {
    limit?: number;
    afterWorkspaceId?: string;
  }): Promise<Connection[]>;
  iterateConnections(opts?: { batchSize?: number }): AsyncIterable<Connection>;
  countConnections(): Promise<number>;
  deleteConnection(workspaceId: string): Promise<boolean>;
  recordHealth(
    workspaceId: string,
    result: HealthResult,
  ): Promise<HealthTransition>;
  /**
   * `recordHealth` for several results in one transaction (PostgreSQL: one round trip); one entry per
   * input, `undefined` where the connection no longer exists. Optional, like `leaseDueWithTokens`.
   */
  recordHealthMany?(
    entries: readonly { workspaceId: string; result: HealthResult }[],
  ): Promise<(HealthTransition | undefined)[]>;
  leaseDue(options: LeaseDueOptions): Promise<Connection[]>;
  /**
   * `leaseDue` plus each connection's sealed token, decrypted only by its `openToken()`: saves a
   * `getToken` query per check. Optional so other implementations of this interface stay valid.
   */
  leaseDueWithTokens?(options: LeaseDueOptions): Promise<LeasedConnection[]>;
  acquireRunLock(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends a lock this owner holds and that has not expired; false otherwise. */
  renewRunLock(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases a lock this owner holds; false if it held none. */
  releaseRunLock(name: string, owner: string): Promise<boolean>;
  /** Re-encrypts every row to the active key; `batchSize` (default 100) is the keyset page size. */
  rotateKeys(options?: { batchSize?: number }): Promise<{ rotated: number }>;
  /** Runs a trivial query; throws `STORE_UNAVAILABLE` when the database does not answer (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
