import { AttioTokenInactiveError } from '@attio-auth/attio-errors';
import { createAttioClient } from './create-attio-client.js';
import type { AttioClient, AttioClientOptions } from './types.js';

/**
 * Options of {@link createWorkspaceClient}: every client option but the token, plus where the token
 * comes from.
 *
 * @example
 * ```ts
 * const options: WorkspaceClientOptions = { workspaceId, getToken: (id) => store.getToken(id) };
 * ```
 */
export interface WorkspaceClientOptions extends Omit<AttioClientOptions, 'token'> {
  workspaceId: string;
  /** The workspace's stored token, or undefined when none is stored (e.g. a connection store's `getToken`). */
  getToken(workspaceId: string): Promise<string | undefined> | string | undefined;
}

/**
 * A client for one installed workspace: asks `getToken` for that workspace's token (typically a
 * connection store, which decrypts it) and builds the client with it. Throws `ATTIO_TOKEN_INACTIVE`
 * when no token is stored for the workspace, so a missing install reads like a revoked one, with a
 * message that names the workspace.
 *
 * @example
 * ```ts
 * const client = await createWorkspaceClient({ workspaceId, getToken: (id) => store.getToken(id) });
 * const objects = await client.get('/v2/objects');
 * ```
 */
export async function createWorkspaceClient(options: WorkspaceClientOptions): Promise<AttioClient> {
  const { workspaceId, getToken, ...clientOptions } = options;
  const token = await getToken(workspaceId);
  if (token === undefined) {
    throw new AttioTokenInactiveError({
      message:
        `No Attio token is stored for workspace "${workspaceId}": the app is not installed there, or was ` +
        'uninstalled. Install it in that workspace, then retry.',
    });
  }
  return createAttioClient({ ...clientOptions, workspaceId, token });
}
