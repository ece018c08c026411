import type { RevokeOutcome } from '@attio-auth/connection-store';
import { attemptRevoke } from './attempt-revoke.js';
import type { LifecycleDeps } from './lifecycle-deps.js';

/**
 * Options of {@link deleteConnection}: `revoke` (default true) revokes the token at Attio first;
 * `purge` (default false) hard-deletes the row now instead of keeping it for the retention period.
 *
 * @example
 * ```ts
 * const options: DeleteConnectionOptions = { revoke: false, purge: true };
 * ```
 */
export interface DeleteConnectionOptions {
  revoke?: boolean;
  purge?: boolean;
}

/**
 * What revoking a deleted connection's token came to: the store's outcomes plus `skipped` (asked not
 * to revoke; the row records no revoke attempt). `error` is an error code, set for `failed` only.
 *
 * @example
 * ```ts
 * const revoke: DeleteRevoke = { outcome: 'failed', error: 'ATTIO_OAUTH_REVOKE_FAILED', queued: true };
 * ```
 */
export interface DeleteRevoke {
  outcome: RevokeOutcome | 'skipped';
  error?: string;
  /** True when the token was put in the revocation queue for the background pass (a failed revoke). */
  queued?: boolean;
}

/**
 * The answer of {@link deleteConnection}. `found: false`: no such connection (nothing done).
 * `deleted`: this call soft-deleted (or purged) it. `purged`: the row is gone now. `revoke`: what this
 * call's revoke did, or null when it attempted none (unknown connection, or one deleted already).
 *
 * @example
 * ```ts
 * const { deleted, revoke } = await deleteConnection(deps, 'ws-1');
 * ```
 */
export interface DeleteConnectionResult {
  found: boolean;
  deleted: boolean;
  purged: boolean;
  /** The connection was soft-deleted before this call (a repeated delete; only `purge` changes it). */
  alreadyDeleted: boolean;
  revoke: DeleteRevoke | null;
}

/**
 * Deletes a connection the safe way round: reads its token, revokes it at Attio (paced by
 * `deps.pacer`), then soft-deletes the row recording the outcome (`connection.deleted.revoke`), or
 * purges it with `purge: true`. A failed revoke never blocks the delete: the row records `failed`
 * and the token goes to the revocation queue (reason `deleted`, this attempt counted, so it is due after
 * the store's backoff of one minute) for {@link runRevocationPass}.
 * `revoke: false` skips Attio (recorded as no attempt; reported as `skipped`). Deleting a connection
 * that is soft-deleted already does nothing unless `purge` is set, which purges it.
 *
 * @example
 * ```ts
 * const deps = { store, revokeUrl: 'https://app.attio.com/oauth/revoke', pacer: createRevokePacer() };
 * const result = await deleteConnection(deps, 'ws-1');
 * if (result.revoke?.outcome === 'failed') console.warn('revoke failed; queued for the background pass');
 * ```
 */
export async function deleteConnection(
  deps: LifecycleDeps,
  workspaceId: string,
  options: DeleteConnectionOptions = {},
): Promise<DeleteConnectionResult> {
  const { revoke = true, purge = false } = options;
  const { store } = deps;
  const existing = await store.getConnection(workspaceId);
  if (existing === undefined)
    return { found: false, deleted: false, purged: false, alreadyDeleted: false, revoke: null };
  if (existing.deleted !== null) {
    const purged = purge ? await store.purgeConnection(workspaceId) : false;
    return { found: true, deleted: purged, purged, alreadyDeleted: true, revoke: null };
  }

  const token = revoke ? await store.getToken(workspaceId) : undefined;
  let result: DeleteRevoke = { outcome: 'skipped' };
  if (token !== undefined) {
    const attempt = await attemptRevoke(deps, token);
    result = { ...attempt };
    if (attempt.outcome === 'failed') {
      // Queued, and this attempt counted, so the pass retries after the store's backoff.
      const queued = await store.enqueueRevocation({ workspaceId, token, reason: 'deleted' });
      await store.recordRevocation(queued.id, { outcome: 'failed', error: attempt.error ?? null });
      result.queued = true;
    }
    deps.logger?.[attempt.outcome === 'failed' ? 'warn' : 'info'](
      { event: 'connection_revoke', workspaceId, outcome: attempt.outcome, error: attempt.error },
      attempt.outcome === 'failed'
        ? 'revoking the deleted connection’s token failed; queued for the background pass'
        : 'revoked the deleted connection’s token at Attio',
    );
  }

  const now = deps.now?.();
  const softDeleted = await store.softDeleteConnection(workspaceId, {
    revoke:
      result.outcome === 'skipped'
        ? null
        : { outcome: result.outcome, error: result.error ?? null },
    ...(now === undefined ? {} : { now }),
  });
  if (softDeleted === undefined) {
    // Deleted by someone else between our read and now: their delete stands.
    return { found: true, deleted: false, purged: false, alreadyDeleted: true, revoke: result };
  }
  const purged = purge ? await store.purgeConnection(workspaceId) : false;
  return { found: true, deleted: true, purged, alreadyDeleted: false, revoke: result };
}
