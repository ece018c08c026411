import type { HealthHistory } from './health-history-types.js';
import type { HealthRounds } from './health-round-types.js';
import type { InstallSessions } from './install-session-types.js';
import type { EventOutbox } from './outbox-types.js';
import type { RevocationQueue } from './revocation-types.js';

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
  /** The Attio workspace member who authorized the install, when Attio names one. */
  installedBy: string | null;
  installedAt: Date;
  updatedAt: Date;
  health: ConnectionHealth;
  /** Who the connection belongs to on your side; empty (`displayName: null, tags: {}`) until set. */
  owner: ConnectionOwner;
  /** Null while the connection is live; set by `softDeleteConnection` until restored or purged. */
  deleted: ConnectionDeletion | null;
}

/**
 * Who a connection belongs to on your side: a display name and a few tags you filter by
 * (`listConnections({ tags: { team: 'growth' } })`). Tags are returned with their keys sorted.
 *
 * @example
 * ```ts
 * const owner: ConnectionOwner = { displayName: 'Growth team', tags: { team: 'growth', customer_id: 'c-42' } };
 * ```
 */
export interface ConnectionOwner {
  displayName: string | null;
  tags: Record<string, string>;
}

/**
 * How to change an owner. A field left out keeps the stored value (a new connection starts empty);
 * `displayName: null` clears the name; `tags` replaces the whole tag set (`{}` clears it). At most
 * {@link OWNER_LIMITS}`.maxTags` tags; keys match `^[a-z][a-z0-9_]{0,39}$`; values and the display name
 * are 1–128 characters without control characters. Anything else throws `STORE_OWNER_INVALID`
 * naming the field or tag key, before anything is written.
 *
 * @example
 * ```ts
 * await store.saveConnection({ workspaceId, scopes, token, owner: { tags: { team: 'growth' } } });
 * ```
 */
export interface OwnerInput {
  displayName?: string | null;
  tags?: Record<string, string>;
}

/**
 * The limits {@link OwnerInput} is checked against.
 *
 * @example
 * ```ts
 * if (Object.keys(tags).length > OWNER_LIMITS.maxTags) throw new Error('too many tags');
 * ```
 */
export const OWNER_LIMITS = Object.freeze({
  maxTags: 10,
  tagKeyPattern: /^[a-z][a-z0-9_]{0,39}$/,
  maxTagValueLength: 128,
  maxDisplayNameLength: 128,
});

/**
 * What revoking a token at Attio came to: `revoked`, `already_gone` (Attio no longer knew it: the
 * end state is the same) or `failed` (it may still be active).
 *
 * @example
 * ```ts
 * const outcome: RevokeOutcome = 'already_gone';
 * ```
 */
export type RevokeOutcome = 'revoked' | 'already_gone' | 'failed';

/**
 * The result of a revoke attempt as recorded by the store. `error` is a short code or message from
 * the revoke client; it must never contain the token.
 *
 * @example
 * ```ts
 * const result: RevokeResult = { outcome: 'failed', error: 'OAUTH_REVOKE_RATE_LIMITED' };
 * ```
 */
export interface RevokeResult {
  outcome: RevokeOutcome;
  error: string | null;
}

/**
 * A soft-deleted connection's deletion record: when, and what revoking its token at Attio did
 * (`revoke: null` when no revoke was attempted). The sealed token stays on the row until it is purged.
 *
 * @example
 * ```ts
 * const gone = await store.getConnection(id);
 * if (gone?.deleted?.revoke?.outcome === 'failed') console.warn('token may still be active at Attio');
 * ```
 */
export interface ConnectionDeletion {
  deletedAt: Date;
  revoke: RevokeResult | null;
}

/**
 * Which connections `listConnections` and `countConnections` return. Every filter must match.
 *
 * @example
 * ```ts
 * const filter: ConnectionFilter = { status: 'revoked', tags: { team: 'growth' }, deleted: 'exclude' };
 * ```
 */
export interface ConnectionFilter {
  /** Only connections whose health status is this. */
  status?: HealthStatus;
  /** Only connections carrying every one of these tags with exactly these values. */
  tags?: Record<string, string>;
  /** Soft-deleted connections: left out (`exclude`, the default), `only` them, or `include` both. */
  deleted?: 'exclude' | 'only' | 'include';
  /**
   * Only connections whose workspace id, name, slug or owner display name contains this text
   * (case-insensitive for ASCII letters on both drivers; `%` and `_` match themselves). Empty = any.
   * Not index-backed: a page with text reads rows in workspace-id order until it is full.
   */
  text?: string;
}

/**
 * Options of `listConnections`: a filter plus keyset pagination by workspace id.
 *
 * @example
 * ```ts
 * const page = await store.listConnections({ limit: 100, afterWorkspaceId: last, tags: { team: 'growth' } });
 * ```
 */
export interface ListConnectionsOptions extends ConnectionFilter {
  limit?: number;
  afterWorkspaceId?: string;
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
  /** Owner fields to set; left out, a re-install keeps the stored owner (see {@link OwnerInput}). */
  owner?: OwnerInput;
  /**
   * Why the token is saved: `reconnect` (an install session of kind reconnect) makes the event of a
   * live connection `connection.reconnected` instead of `connection.replaced`. Default `install`.
   */
  cause?: 'install' | 'reconnect';
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
  /**
   * The `tokenVersion` of the lease the verdict was made with. When the stored token changed since
   * (re-installed mid-round), the verdict is discarded: nothing is written and the answer is
   * `undefined`, so a re-install never reads as `revoked`. Left out: no check.
   */
  expectTokenVersion?: string;
}

/**
 * Options of {@link HealthLedger.record}: how verdicts turn into `health.*` events.
 *
 * @example
 * ```ts
 * await ledger.record(entries, { failedToCheckThreshold: 3, suppressTransient: incidentOpen });
 * ```
 */
export interface RecordHealthOptions {
  /**
   * Consecutive `failed_to_check` verdicts from which one counts as broken and is alerted
   * (`health.broken`); fewer are a blip. Default 3.
   */
  failedToCheckThreshold?: number;
  /**
   * True while the caller has an incident open (Attio unreachable for many connections at once): a
   * `failed_to_check` verdict then writes no event and leaves the alerted status as it was. Definite
   * problems (revoked, …) and recoveries are still told. Default false.
   */
  suppressTransient?: boolean;
  /**
   * When each connection is due again after this verdict (its stored due time, which a lease compares
   * with `dueBefore`). Default: due as soon as it was checked (no interval), so `dueBefore` reads
   * "checked before".
   */
  checkInterval?: CheckInterval;
}

/**
 * How long after a verdict a connection is due again, in ms; `failingMs ≤ minMs ≤ maxMs`. Healthy:
 * as long as it has been healthy, bounded to [`minMs`, `maxMs`] (each check about doubles it); failing
 * (`failed_to_check`, `under_scoped`): `failingMs`; `revoked`, `workspace_mismatch`: `maxMs` (a re-install
 * makes a connection due at once); anything else: `minMs`.
 *
 * @example
 * ```ts
 * const checkInterval: CheckInterval = { minMs: 60_000, maxMs: 86_400_000, failingMs: 10_000 };
 * await store.record(verdicts, { checkInterval });
 * ```
 */
export interface CheckInterval {
  minMs: number;
  maxMs: number;
  failingMs: number;
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
  /** The health event this verdict wrote (same transaction), if any. */
  event?: 'health.broken' | 'health.recovered';
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
  /**
   * Only connections due before this (or never checked) are leased. A connection is due at its last check
   * plus the interval its verdict was recorded with ({@link RecordHealthOptions.checkInterval}; none: at its
   * last check), and at once after a re-install.
   */
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
  /**
   * An opaque fingerprint of the sealed token as leased (it changes whenever the token is re-saved
   * or re-encrypted); pass it back as {@link HealthRecord.expectTokenVersion}.
   */
  tokenVersion: string;
}

/**
 * Stored connections for the callback service, the CLIs and team code: save, read, list, delete,
 * and the one place a plaintext token comes out.
 */
export interface ConnectionRepository {
  /**
   * Inserts or replaces the workspace's connection (token encrypted with the ring's active key). A
   * replaced token that differs from the new one is put in the revocation queue (reason `replaced`)
   * in the same transaction. Saving over a soft-deleted connection brings it back as a new install.
   */
  saveConnection(input: SaveConnectionInput): Promise<Connection>;
  /** The connection, soft-deleted ones included (see `Connection.deleted`). */
  getConnection(workspaceId: string): Promise<Connection | undefined>;
  /** The decrypted token, or undefined when no live connection is stored for the workspace. */
  getToken(workspaceId: string): Promise<string | undefined>;
  /** Keyset pagination by workspace id; soft-deleted connections are left out unless asked for. */
  listConnections(opts?: ListConnectionsOptions): Promise<Connection[]>;
  iterateConnections(opts?: ConnectionFilter & { batchSize?: number }): AsyncIterable<Connection>;
  /** How many connections match (default: every live one). */
  countConnections(filter?: ConnectionFilter): Promise<number>;
  /**
   * Hard delete, now: removes the row (live or soft-deleted), its tags and its sealed token, without
   * revoking anything. True when a row was deleted. Prefer `softDeleteConnection` and a purge.
   */
  deleteConnection(workspaceId: string): Promise<boolean>;
}

/**
 * Soft delete, restore and purge. A soft-deleted connection keeps its row and sealed token (so a
 * mistaken delete can be undone) but is left out of `getToken`, the health lease, `listConnections`
 * and `countConnections` by default; `getConnection` still shows it with its deletion record.
 */
export interface ConnectionLifecycle {
  /**
   * Marks a live connection deleted at `now` (default: the store clock) and records what revoking its
   * token did (`null`: not attempted). Returns the deleted connection, or undefined when there is no
   * live connection for the workspace (unknown, or deleted already).
   */
  softDeleteConnection(
    workspaceId: string,
    options: { revoke: { outcome: RevokeOutcome; error?: string | null } | null; now?: Date },
  ): Promise<Connection | undefined>;
  /** Brings a soft-deleted connection back; false when it is live, purged or unknown. */
  restoreConnection(workspaceId: string): Promise<boolean>;
  /** Hard-deletes every connection soft-deleted before `deletedBefore`, with its tags; returns how many. */
  purgeDeleted(options: { deletedBefore: Date }): Promise<number>;
  /** Hard-deletes one soft-deleted connection now; false when it is live or unknown (delete it first). */
  purgeConnection(workspaceId: string): Promise<boolean>;
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
   * Records each verdict and frees its lease, in one transaction (PostgreSQL: one round trip), with
   * the `health.broken` / `health.recovered` events it causes. One answer per entry, in order;
   * `undefined` where the connection no longer exists or its token changed since the lease
   * (`expectTokenVersion`). A workspace repeated in one call is applied in order.
   */
  record(
    entries: readonly HealthRecord[],
    options?: RecordHealthOptions,
  ): Promise<(HealthTransition | undefined)[]>;
  /** How many connections are stored (the round's progress total). */
  countConnections(): Promise<number>;
}

/**
 * One observation to store: what a client's call said about a connection's token, and when.
 *
 * @example
 * ```ts
 * const o: StoredObservation = { workspaceId: 'ws_1', kind: 'unauthorized', at: new Date() };
 * ```
 */
export interface StoredObservation {
  workspaceId: string;
  kind: 'success' | 'unauthorized' | 'forbidden' | 'inactive';
  at: Date;
}

/**
 * Options of {@link ObservationLedger.leaseFlagged}.
 *
 * @example
 * ```ts
 * const options: FlaggedLeaseOptions = { owner: 'checker-1', limit: 16, leaseMs: 60_000 };
 * ```
 */
export interface FlaggedLeaseOptions {
  owner: string;
  limit: number;
  leaseMs: number;
}

/**
 * Options of {@link ObservationLedger.skipSeenHealthy}.
 *
 * @example
 * ```ts
 * const options: SkipSeenHealthyOptions = { dueBefore, seenSince, limit: 1000 };
 * ```
 */
export interface SkipSeenHealthyOptions {
  /** The round's due bound (as {@link LeaseOptions.dueBefore}). */
  dueBefore: Date;
  /** A success observed at or after this skips the check. */
  seenSince: Date;
  limit: number;
}

/**
 * Health learned from live traffic: clients' observations (through a coalescing recorder, never one write
 * per request), the flagged connections the checker rechecks within seconds, and the round's skip of
 * connections seen working.
 */
export interface ObservationLedger {
  /** Stores a batch in one transaction; returns how many connections changed. */
  recordObservations(observations: readonly StoredObservation[]): Promise<number>;
  /** Leases flagged connections and clears their flags (each flag goes to one checker). */
  leaseFlagged(options: FlaggedLeaseOptions): Promise<LeasedConnection[]>;
  /** Marks due healthy connections seen working since `seenSince` as checked then; returns how many. */
  skipSeenHealthy(options: SkipSeenHealthyOptions): Promise<number>;
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

/**
 * Options of {@link KeyRotation.rotateKeys}: the keyset page size (default 100), and a callback told
 * after each page how many tokens are done of about how many were on an older key at the start.
 *
 * @example
 * ```ts
 * await store.rotateKeys({ batchSize: 500, onProgress: ({ rotated, total }) => draw(rotated, total) });
 * ```
 */
export interface RotateKeysOptions {
  batchSize?: number;
  onProgress?: (progress: { rotated: number; total: number }) => void;
}

/** Re-encryption of stored tokens to the key ring's active key. */
export interface KeyRotation {
  /**
   * Re-encrypts every sealed token to the active key: every connection (soft-deleted ones too) and
   * every revocation still pending, each row in its own transaction (an interrupted run keeps what
   * it did; a re-run continues). See {@link RotateKeysOptions}.
   */
  rotateKeys(options?: RotateKeysOptions): Promise<{ rotated: number }>;
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
  ConnectionLifecycle &
  InstallStateStore &
  InstallSessions &
  RevocationQueue &
  HealthLedger &
  HealthHistory &
  HealthRounds &
  ObservationLedger &
  RunLocks &
  KeyRotation &
  EventOutbox &
  StoreHandle;
