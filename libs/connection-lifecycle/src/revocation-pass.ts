import { attemptRevoke, revokeErrorCode, type RevokeAttempt } from './attempt-revoke.js';
import type { LifecycleDeps } from './lifecycle-deps.js';

/**
 * Options of {@link runRevocationPass}: the lease owner (unique per process), at most `limit` entries
 * (default 50, one minute of Attio's revocation budget) and how long the lease holds (default 10 min).
 *
 * @example
 * ```ts
 * const options: RevocationPassOptions = { owner: `callback-${process.pid}`, limit: 50 };
 * ```
 */
export interface RevocationPassOptions {
  owner: string;
  limit?: number;
  leaseMs?: number;
}

/**
 * What one pass did: entries leased, and how each attempt came out (`failed` ones are retried later
 * with the store's backoff).
 *
 * @example
 * ```ts
 * const counts: RevocationPassResult = { leased: 3, revoked: 2, alreadyGone: 0, failed: 1 };
 * ```
 */
export interface RevocationPassResult {
  leased: number;
  revoked: number;
  alreadyGone: number;
  failed: number;
}

/**
 * One pass of the background revoker: leases the due entries of the revocation queue (replaced tokens,
 * refused installs, deletes whose revoke failed), revokes each at Attio through `deps.pacer`, and records
 * `revoked` / `already_gone` (done, sealed token wiped) or `failed` (retried after the store's backoff).
 * Never throws for one entry's failure, never logs or returns a token.
 *
 * @example
 * ```ts
 * const counts = await runRevocationPass(deps, { owner: `callback-${process.pid}`, limit: 50 });
 * console.log(`revoked ${counts.revoked}, failed ${counts.failed}`);
 * ```
 */
export async function runRevocationPass(
  deps: LifecycleDeps,
  options: RevocationPassOptions,
): Promise<RevocationPassResult> {
  const { owner, limit = 50, leaseMs = 600_000 } = options;
  const now = deps.now?.();
  const leased = await deps.store.leaseRevocations({
    owner,
    limit,
    leaseMs,
    ...(now === undefined ? {} : { now }),
  });
  const counts: RevocationPassResult = {
    leased: leased.length,
    revoked: 0,
    alreadyGone: 0,
    failed: 0,
  };
  await Promise.all(
    leased.map(async ({ revocation, openToken }) => {
      let attempt: RevokeAttempt;
      try {
        attempt = await attemptRevoke(deps, openToken());
      } catch (error) {
        attempt = { outcome: 'failed', error: revokeErrorCode(error) };
      }
      await deps.store.recordRevocation(revocation.id, {
        outcome: attempt.outcome,
        error: attempt.error ?? null,
      });
      if (attempt.outcome === 'revoked') counts.revoked += 1;
      else if (attempt.outcome === 'already_gone') counts.alreadyGone += 1;
      else counts.failed += 1;
      deps.logger?.[attempt.outcome === 'failed' ? 'warn' : 'info'](
        {
          event: 'revocation_attempt',
          workspaceId: revocation.workspaceId,
          reason: revocation.reason,
          attempt: revocation.attempts + 1,
          outcome: attempt.outcome,
          error: attempt.error,
        },
        attempt.outcome === 'failed'
          ? 'revoking a queued token failed; it will be retried'
          : 'revoked a queued token at Attio',
      );
    }),
  );
  return counts;
}
