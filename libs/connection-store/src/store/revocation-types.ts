import type { RevokeOutcome } from './types.js';

/**
 * Why a token waits in the revocation queue: `replaced` (a re-install stored a new token; queued by
 * `saveConnection` itself), `install_refused` (the code exchange gave a token the service then refused)
 * or `deleted` (revoking a deleted connection's token failed; queued to be retried).
 *
 * @example
 * ```ts
 * const reason: RevocationReason = 'install_refused';
 * ```
 */
export type RevocationReason = 'replaced' | 'install_refused' | 'deleted';

/**
 * Where a queued revocation stands: `pending` (waiting, or failed and waiting for its next attempt),
 * or done as `revoked` / `already_gone` (its sealed token is wiped then).
 *
 * @example
 * ```ts
 * const open = (await queue.listRevocations()).filter((r) => r.state === 'pending');
 * ```
 */
export type RevocationState = 'pending' | 'revoked' | 'already_gone';

/**
 * One entry of the revocation queue, without its token.
 *
 * @example
 * ```ts
 * for (const r of await queue.listRevocations({ workspaceId })) console.log(r.reason, r.state, r.attempts);
 * ```
 */
export interface Revocation {
  id: string;
  workspaceId: string;
  reason: RevocationReason;
  state: RevocationState;
  /** Revoke attempts recorded so far (failed ones and the final one). */
  attempts: number;
  /** The last failed attempt's error code or message; null when none failed. */
  lastError: string | null;
  /** When the entry is due (again); null once it is done. */
  nextAttemptAt: Date | null;
  createdAt: Date;
  /** When it reached `revoked` or `already_gone`; null while pending. */
  completedAt: Date | null;
}

/**
 * Input of {@link RevocationQueue.enqueueRevocation}: a plaintext token the caller holds (it is sealed
 * with the key ring's active key before it is written).
 *
 * @example
 * ```ts
 * await queue.enqueueRevocation({ workspaceId, token, reason: 'install_refused' });
 * ```
 */
export interface EnqueueRevocationInput {
  workspaceId: string;
  token: string;
  reason: RevocationReason;
}

/**
 * Options of {@link RevocationQueue.leaseRevocations}.
 *
 * @example
 * ```ts
 * const options: LeaseRevocationsOptions = { owner: 'revoker-1', limit: 50, leaseMs: 60_000 };
 * ```
 */
export interface LeaseRevocationsOptions {
  /** Lease owner id, unique per process. */
  owner: string;
  /** At most this many entries. */
  limit: number;
  /** How long the lease holds before another owner may take the entry. */
  leaseMs: number;
  /** Entries due at or before this are leased, and the lease runs from it. Default: the store clock. */
  now?: Date;
}

/**
 * One leased entry with its token still sealed; `openToken()` decrypts it (throws `STORE_KEY_UNKNOWN`
 * / `STORE_DECRYPT_FAILED`) right before the revoke request that needs it.
 *
 * @example
 * ```ts
 * const [{ revocation, openToken }] = await queue.leaseRevocations(options);
 * await revokeToken({ token: openToken(), revokeUrl });
 * ```
 */
export interface LeasedRevocation {
  revocation: Revocation;
  openToken(): string;
}

/**
 * What one revoke attempt came to, for {@link RevocationQueue.recordRevocation}. `error` (a code or
 * short message, never the token; cut to 500 characters) and `retryAt` (default: a backoff of 1 min
 * doubling per failed attempt, at most 1 h) only matter for `failed`.
 *
 * @example
 * ```ts
 * await queue.recordRevocation(id, { outcome: 'failed', error: 'OAUTH_REVOKE_RATE_LIMITED', retryAt });
 * ```
 */
export interface RecordRevocationInput {
  outcome: RevokeOutcome;
  error?: string | null;
  retryAt?: Date;
}

/**
 * Tokens that must be revoked at Attio, kept until that happened: a crash between "stop using a
 * token" and "revoke it" cannot lose it. Entries hold the sealed token (never plaintext) until they
 * succeed; leasing uses `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers never revoke the
 * same entry at once.
 */
export interface RevocationQueue {
  /** Seals `token` with the active key and queues it, due now. */
  enqueueRevocation(input: EnqueueRevocationInput): Promise<Revocation>;
  /** Claims up to `limit` due pending entries for `owner` for `leaseMs`, oldest due first. */
  leaseRevocations(options: LeaseRevocationsOptions): Promise<LeasedRevocation[]>;
  /**
   * Records an attempt and frees the lease. `revoked` / `already_gone` finish the entry and wipe its
   * sealed token; `failed` counts the attempt and sets the next one. Undefined for an unknown id; an
   * entry already finished is returned unchanged.
   */
  recordRevocation(id: string, input: RecordRevocationInput): Promise<Revocation | undefined>;
  /** Entries (no tokens), oldest first; `limit` defaults to 100. */
  listRevocations(options?: {
    workspaceId?: string;
    state?: RevocationState;
    limit?: number;
  }): Promise<Revocation[]>;
}
