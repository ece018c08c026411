import { decryptToken, encryptToken } from '../crypto/token-cipher.js';
import { CONNECTION_COLUMNS, toConnection, type ConnectionRow } from './connection-row.js';
import type { StoreContext } from './store-context.js';
import type { Connection, SaveConnectionInput } from './types.js';
import { optionalText, requireStringArray, requireText } from './validate.js';

/**
 * Inserts a connection or replaces an existing one's token and metadata. Validation and encryption
 * happen before the statement, so a bad input never touches the database.
 *
 * @example
 * ```ts
 * const connection = await saveConnection(ctx, { workspaceId, scopes, token });
 * ```
 */
export async function saveConnection(
  ctx: StoreContext,
  input: SaveConnectionInput,
): Promise<Connection> {
  const workspaceId = requireText(input?.workspaceId, 'workspaceId');
  const token = requireText(input.token, 'token');
  const values = [
    workspaceId,
    optionalText(input.workspaceName, 'workspaceName'),
    optionalText(input.workspaceSlug, 'workspaceSlug'),
    optionalText(input.tokenLevel, 'tokenLevel'),
    JSON.stringify(requireStringArray(input.scopes, 'scopes')),
    optionalText(input.installedBy, 'installedBy'),
    ctx.now().getTime(),
  ];
  const sealed = encryptToken(ctx.keyRing, workspaceId, token);
  // One statement, so one transaction: outside BEGIN…COMMIT every statement is its own atomic
  // transaction (SQLite: autocommit; PostgreSQL: an implicit transaction per statement). A re-install
  // swaps token and metadata atomically, keeps installed_at, and resets health and lease because the
  // new token has not been checked yet. No explicit BEGIN/COMMIT: on PostgreSQL they were two extra
  // round trips (and a pooled client held across them), on SQLite two extra statements, for nothing.
  const rows = await ctx.driver.all<ConnectionRow>(
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
}

/**
 * Reads and decrypts a workspace's token; undefined when the workspace is not stored.
 *
 * @example
 * ```ts
 * const token = await readToken(ctx, workspaceId);
 * ```
 */
export async function readToken(
  ctx: StoreContext,
  workspaceId: string,
): Promise<string | undefined> {
  requireText(workspaceId, 'workspaceId');
  const rows = await ctx.driver.all<{
    token_kid: string;
    token_iv: Buffer;
    token_ciphertext: Buffer;
  }>('SELECT token_kid, token_iv, token_ciphertext FROM connections WHERE workspace_id = $1', [
    workspaceId,
  ]);
  if (rows.length === 0) return undefined;
  return decryptToken(ctx.keyRing, workspaceId, {
    kid: rows[0].token_kid,
    iv: Buffer.from(rows[0].token_iv),
    ciphertext: Buffer.from(rows[0].token_ciphertext),
  });
}
