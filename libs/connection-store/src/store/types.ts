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
 * One health verdict to record: the checker's result for one connection.
 *
 * @example
 * ```ts
 * const result: HealthResult = { status: 'healthy', checkedAt: new Date() };
 * ```
 */
export interface HealthResult {
  status: HealthStatus;
  checkedAt: Date;
  errorCode?: string | null;
  missingScopes?: string[];
}

/**
 * One entry of {@link HealthLedger.record}: which connection, and its verdict.
 *
 * @example
 * ```ts
 * const entry: HealthRecord = { workspaceId, result: { status: 'revoked', checkedAt: new Date() } };
 * ```
 */
export interface HealthRecord {
  workspaceId: string;
  result: HealthResult;
}

/**
 * What recording one verdict changed.
 *
 * @example
 * ```ts
 * const [transition] = await ledger.record([entry]);
 * if (transition && transition.previous !== transition.current) alert(transition.current);
 * ```
 */
export interface HealthTransition {
  previous: HealthStatus;
  current: HealthStatus;
  consecutiveFailures: number;
}

/**
 * Options of {@link HealthLedger.lease}.
 *
 * @example
 * ```ts
 * const options: LeaseOptions = { owner: 'checker-1', limit: 64, leaseMs: 60_000, dueBefore: new Date() };
 * ```
 */
export interface LeaseOptions {
  /** Lease owner id, unique per process. */
  owner: string;
  /** At most this many connections. */
  limit: number;
  /** How long the lease holds before another owner may take the connection. */
  leaseMs: number;
  /** Only connections last checked before this (or never checked) are due. */
  dueBefore: Date;
}

/**
 * One leased connection with its token still sealed; `openToken()` decrypts it (throws
 * `STORE_KEY_UNKNOWN` / `STORE_DECRYPT_FAILED`). Call it right before the check that needs the token,
 * and drop the result after it.
 *
 * @example
 * ```ts
 * const [{ connection, openToken }] = await ledger.lease(options);
 * await checkToken(connection.workspaceId, openToken());
 * ```
 */
export interface LeasedConnection {
  connection: Connection;
  openToken(): string;
}

/**
 * Stored connections for the callback service, the CLIs and team code: save, read, list, delete,
 * and the one place a plaintext token comes out.
 */
export interface ConnectionRepository {
  /** Inserts or replaces the workspace's connection (token encrypted with the ring's active key). */
  saveConnection(input: SaveConnectionInput): Promise<Connection>;
  getConnection(workspaceId: string): Promise<Connection | undefined>;
  /** The decrypted token, or undefined when no connection is stored for the workspace. */
  getToken(workspaceId: string): Promise<string | undefined>;
  /** Keyset pagination by workspace id. */
  listConnections(opts?: { limit?: number; afterWorkspaceId?: string }): Promise<Connection[]>;
  iterateConnections(opts?: { batchSize?: number }): AsyncIterable<Connection>;
  countConnections(): Promise<number>;
  /** True when a row was deleted. */
  deleteConnection(workspaceId: string): Promise<boolean>;
}

/**
 * The answer of {@link InstallStateStore.consumeState}: `ok` (first use, not expired; carries the
 * binding hash to compare with the browser's cookie), `used` (consumed before), `expired` (first use,
 * but past its expiry: burned now), `unknown` (never stored, or purged).
 *
 * @example
 * ```ts
 * const consumed: ConsumedState = await states.consumeState(state);
 * if (consumed.outcome === 'ok') verifyStateBinding(cookie, consumed.bindingHash);
 * ```
 */
export type ConsumedState =
  | { outcome: 'ok'; bindingHash: string; expiresAt: Date }
  | { outcome: 'used' | 'expired' | 'unknown' };

/**
 * Server-side OAuth `state` records for the callback service (RFC 6749 §10.12 CSRF protection).
 * Only a hash of each state is stored; `consumeState` is atomic, so two callbacks with one state
 * never both get `ok`.
 */
export interface InstallStateStore {
  /** Stores a state; throws `STORE_STATE_EXISTS` if the same state is already stored. */
  createState(input: { state: string; bindingHash: string; expiresAt: Date }): Promise<void>;
  /** Marks the state used and says what it was (see {@link ConsumedState}). */
  consumeState(state: string): Promise<ConsumedState>;
  /** Deletes states (used or not) whose expiry is at or before `now()`; returns how many. */
  purgeExpiredStates(): Promise<number>;
}

/**
 * The health checker's view of the store, batch-first: lease due connections with their sealed tokens,
 * record many verdicts at once (one verdict is a batch of one).
 */
export interface HealthLedger {
  /**
   * Claims up to `limit` due connections for `owner` for `leaseMs` (on PostgreSQL with `SKIP LOCKED`,
   * so several processes never lease the same row) and returns them with their sealed tokens.
   */
  lease(options: LeaseOptions): Promise<LeasedConnection[]>;
  /**
   * Records each verdict and frees its lease, in one transaction (PostgreSQL: one round trip). One
   * answer per entry, in order; `undefined` where the connection no longer exists. A workspace repeated
   * in one call is applied in order.
   */
  record(entries: readonly HealthRecord[]): Promise<(HealthTransition | undefined)[]>;
  /** How many connections are stored (the round's progress total). */
  countConnections(): Promise<number>;
}

/** Named, expiring locks (one scheduled health round at a time on SQLite, say). */
export interface RunLocks {
  /** True when `owner` now holds the lock (it was free or expired). */
  acquireRunLock(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends a lock this owner holds and that has not expired; false otherwise. */
  renewRunLock(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases a lock this owner holds; false if it held none. */
  releaseRunLock(name: string, owner: string): Promise<boolean>;
}

/** Re-encryption of stored tokens to the key ring's active key. */
export interface KeyRotation {
  /** Re-encrypts every row to the active key; `batchSize` (default 100) is the keyset page size. */
  rotateKeys(options?: { batchSize?: number }): Promise<{ rotated: number }>;
  /**
   * The distinct key ids the stored tokens are encrypted with, sorted; empty for an empty store. Ids
   * only, never key material: compare them with the ring before a round (see `findWholeStoreKeyLoss`).
   */
  keyIdsInUse(): Promise<string[]>;
}

/** What every opened store has besides its roles: which driver, a probe, and close. */
export interface StoreHandle {
  readonly driver: 'sqlite' | 'postgres';
  /**
   * Reads the connections table (no rows); throws `STORE_UNAVAILABLE` when the database does not
   * answer, or not within `timeoutMs` (for /readyz: a dead server, an exhausted pool or a locked table
   * all turn it unready, quickly). Without `timeoutMs` it waits as long as the driver's own timeouts.
   */
  ping(options?: { timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

/**
 * What `openConnectionStore()` returns: one object implementing every role. Each app asks only for the
 * roles it uses (the callback service `ConnectionRepository & InstallStateStore & StoreHandle`, the
 * health checker `HealthLedger & RunLocks & StoreHandle`).
 *
 * @example
 * ```ts
 * const store: ConnectionStore = await openConnectionStore({ keyRing });
 * const token = await store.getToken(workspaceId);
 * ```
 */
export type ConnectionStore = ConnectionRepository &
  InstallStateStore &
  HealthLedger &
  RunLocks &
  KeyRotation &
  StoreHandle;
