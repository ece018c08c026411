import type { RevokeResult } from '@attio-auth/connection-store';
import type { LifecycleDeps } from './lifecycle-deps.js';

/**
 * The answer of {@link restoreConnection}: whether the row came back, and what its delete's revoke did
 * (`revoke.outcome` `revoked` or `already_gone`: the restored token no longer works at Attio, so the
 * workspace must install again; null: no revoke was attempted, the token still works).
 *
 * @example
 * ```ts
 * const result: RestoreConnectionResult = { restored: true, revoke: null };
 * ```
 */
export interface RestoreConnectionResult {
  restored: boolean;
  revoke: RevokeResult | null;
  /** True when the restored token was revoked at Attio (or may have been): reinstall to use it. */
  tokenRevoked: boolean;
}

/**
 * Brings a soft-deleted connection back within its retention period. `restored: false` when it is live,
 * purged or unknown. A token the delete revoked stays revoked at Attio (restoring cannot undo that), which
 * `tokenRevoked` says, so the caller can ask for a reinstall.
 *
 * @example
 * ```ts
 * const { restored, tokenRevoked } = await restoreConnection(deps, 'ws-1');
 * if (tokenRevoked) console.warn('restored, but the token was revoked at Attio: install again');
 * ```
 */
export async function restoreConnection(
  deps: Pick<LifecycleDeps, 'store'>,
  workspaceId: string,
): Promise<RestoreConnectionResult> {
  const before = await deps.store.getConnection(workspaceId);
  if (before?.deleted == null) return { restored: false, revoke: null, tokenRevoked: false };
  const restored = await deps.store.restoreConnection(workspaceId);
  const revoke = before.deleted.revoke;
  return { restored, revoke, tokenRevoked: restored && revoke !== null };
}
