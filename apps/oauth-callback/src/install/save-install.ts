import type { InstallResult } from '@attio-auth/attio-oauth';
import type { Connection, ConnectionRepository, OwnerInput } from '@attio-auth/connection-store';

import { serviceFailure } from '../failures/install-failure.js';
import { ServiceFailureCode } from '../failures/service-failure-codes.js';

/**
 * Stores a completed install: one record per workspace, token encrypted by the store; a re-install
 * replaces the token in one transaction and keeps `installedAt`. `owner` (from an install link) is
 * stamped on the connection; without one a re-install keeps the stored owner. A store failure becomes
 * `INSTALL_STORE_UNAVAILABLE` (nothing saved, the user may retry). `cause` (the install session's kind)
 * picks the store's event: a reconnect of a live connection is `connection.reconnected`.
 *
 * @example
 * ```ts
 * const { connection, reinstall } = await saveInstall(store, result);
 * ```
 */
export async function saveInstall(
  store: Pick<ConnectionRepository, 'saveConnection'>,
  result: InstallResult,
  owner?: OwnerInput,
  cause?: 'install' | 'reconnect',
): Promise<{ connection: Connection; reinstall: boolean }> {
  const { identity } = result;
  try {
    const connection = await store.saveConnection({
      workspaceId: identity.workspaceId,
      ...(identity.workspaceName !== undefined ? { workspaceName: identity.workspaceName } : {}),
      ...(identity.workspaceSlug !== undefined ? { workspaceSlug: identity.workspaceSlug } : {}),
      ...(identity.tokenLevel !== undefined ? { tokenLevel: identity.tokenLevel } : {}),
      scopes: result.grantedScopes,
      installedBy: identity.authorizedByWorkspaceMemberId ?? null,
      token: result.token,
      ...(owner !== undefined ? { owner } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
    // The store keeps installedAt on a re-install and moves updatedAt: differing stamps mean re-install.
    return {
      connection,
      reinstall: connection.installedAt.getTime() !== connection.updatedAt.getTime(),
    };
  } catch (err) {
    throw serviceFailure(ServiceFailureCode.STORE_UNAVAILABLE, {}, err);
  }
}
