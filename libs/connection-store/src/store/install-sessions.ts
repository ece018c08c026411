import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import type {
  ConsumedInstallSession,
  CreateInstallSessionInput,
  InstallSessionKind,
} from './install-session-types.js';
import { parseOwnerInput, tagsFromJson } from './owner.js';
import { hashSecret, isUniqueViolation } from './secret-hash.js';
import type { StoreContext } from './store-context.js';
import type { OwnerInput } from './types.js';
import { optionalText, requireDate, requireText } from './validate.js';

const KINDS: readonly InstallSessionKind[] = ['install', 'reconnect'];
/** The shortest session id accepted: the id is the only secret in an install link. */
const MIN_ID_LENGTH = 16;
const MAX_RETURN_TO_LENGTH = 2048;

function invalid(message: string): ConnectionStoreError {
  return new ConnectionStoreError(ConnectionStoreErrorCode.INPUT_INVALID, message);
}

/**
 * Stores an install or reconnect session under the SHA-256 of its id. Throws
 * `STORE_INSTALL_SESSION_EXISTS` when the id is already stored, `STORE_OWNER_INVALID` for a bad owner,
 * `STORE_CONNECTION_NOT_FOUND` for a reconnect of a workspace that is not stored (soft-deleted counts
 * as stored: reconnecting it brings it back).
 *
 * @example
 * ```ts
 * await createInstallSession(ctx, { id, kind: 'reconnect', workspaceId: 'ws-1', expiresAt });
 * ```
 */
export async function createInstallSession(
  ctx: StoreContext,
  input: CreateInstallSessionInput,
): Promise<void> {
  const id = requireText(input?.id, 'id');
  if (id.length < MIN_ID_LENGTH) {
    throw invalid(
      `id must be at least ${MIN_ID_LENGTH} characters of randomness, like randomBytes(32).toString('base64url').`,
    );
  }
  if (!KINDS.includes(input.kind)) throw invalid(`kind must be one of ${KINDS.join(', ')}.`);
  const workspaceId = optionalText(input.workspaceId, 'workspaceId');
  if (input.kind === 'reconnect' && (workspaceId === null || workspaceId.trim() === '')) {
    throw invalid('A reconnect session needs the workspaceId it reconnects.');
  }
  if (input.kind === 'install' && workspaceId !== null) {
    throw invalid(
      'An install session takes no workspaceId (the user picks the workspace); use kind "reconnect" for a stored one.',
    );
  }
  const owner = input.owner === undefined ? {} : parseOwnerInput(input.owner);
  const returnTo = optionalText(input.returnTo, 'returnTo');
  if (returnTo !== null && (returnTo === '' || returnTo.length > MAX_RETURN_TO_LENGTH)) {
    throw invalid(`returnTo must be null or 1 to ${MAX_RETURN_TO_LENGTH} characters.`);
  }
  const expiresAt = requireDate(input.expiresAt, 'expiresAt');
  if (workspaceId !== null) {
    // A reconnect link for a workspace nobody installed would only fail later, at the callback.
    const stored = await ctx.driver.all(
      'SELECT 1 AS seen FROM connections WHERE workspace_id = $1',
      [workspaceId],
    );
    if (stored.length === 0) {
      throw new ConnectionStoreError(
        ConnectionStoreErrorCode.CONNECTION_NOT_FOUND,
        `No connection is stored for workspace "${workspaceId}"; a reconnect link is for a stored workspace ` +
          '(use kind "install" for a new one).',
      );
    }
  }
  try {
    await ctx.driver.run(
      `INSERT INTO install_sessions (session_hash, kind, workspace_id, owner, return_to, expires_at_ms,
         created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        hashSecret(id),
        input.kind,
        workspaceId,
        JSON.stringify(owner),
        returnTo,
        expiresAt.getTime(),
        ctx.now().getTime(),
      ],
    );
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.INSTALL_SESSION_EXISTS,
      'This install session id is already stored; generate a fresh random id for every link.',
    );
  }
}

interface SessionRow {
  kind: string;
  workspace_id: string | null;
  owner: string;
  return_to: string | null;
  expires_at_ms: number | string;
  created_at_ms: number | string;
}

/** The owner JSON as written by createInstallSession: only the fields that were given. */
function ownerFromJson(json: string): OwnerInput {
  const parsed = JSON.parse(json) as { displayName?: unknown; tags?: unknown };
  const owner: OwnerInput = {};
  if (parsed.displayName === null || typeof parsed.displayName === 'string')
    owner.displayName = parsed.displayName;
  if (parsed.tags !== undefined) owner.tags = tagsFromJson(JSON.stringify(parsed.tags));
  return owner;
}

/**
 * Uses a session once. Like `consumeState`: one `UPDATE … WHERE used_at_ms IS NULL RETURNING` claims
 * it atomically on both drivers, the first use burns it even when expired, and only a failed claim
 * reads again to tell `used` from `unknown`.
 *
 * @example
 * ```ts
 * const consumed = await consumeInstallSession(ctx, id);
 * if (consumed.outcome === 'ok') console.log(consumed.session.kind, consumed.session.owner);
 * ```
 */
export async function consumeInstallSession(
  ctx: StoreContext,
  id: string,
): Promise<ConsumedInstallSession> {
  const hash = hashSecret(requireText(id, 'id'));
  const nowMs = ctx.now().getTime();
  const claimed = await ctx.driver.all<SessionRow>(
    `UPDATE install_sessions SET used_at_ms = $2 WHERE session_hash = $1 AND used_at_ms IS NULL
     RETURNING kind, workspace_id, owner, return_to, expires_at_ms, created_at_ms`,
    [hash, nowMs],
  );
  const row = claimed[0];
  if (row !== undefined) {
    const expiresAtMs = Number(row.expires_at_ms);
    if (expiresAtMs <= nowMs) return { outcome: 'expired' };
    return {
      outcome: 'ok',
      session: {
        kind: row.kind as InstallSessionKind,
        workspaceId: row.workspace_id,
        owner: ownerFromJson(row.owner),
        returnTo: row.return_to,
        expiresAt: new Date(expiresAtMs),
        createdAt: new Date(Number(row.created_at_ms)),
      },
    };
  }
  const seen = await ctx.driver.all(
    'SELECT 1 AS seen FROM install_sessions WHERE session_hash = $1',
    [hash],
  );
  return { outcome: seen.length === 0 ? 'unknown' : 'used' };
}

/**
 * Deletes every session, used or not, whose expiry is at or before `now()`; returns how many.
 *
 * @example
 * ```ts
 * setInterval(() => void purgeExpiredInstallSessions(ctx), 3_600_000).unref();
 * ```
 */
export function purgeExpiredInstallSessions(ctx: StoreContext): Promise<number> {
  return ctx.driver.run('DELETE FROM install_sessions WHERE expires_at_ms <= $1', [
    ctx.now().getTime(),
  ]);
}
