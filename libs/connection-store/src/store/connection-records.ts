import { timingSafeEqual } from 'node:crypto';
import { decryptToken, encryptToken, type EncryptedToken } from '../crypto/token-cipher.js';
import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
  isConnectionStoreError,
} from '../errors/connection-store-error.js';
import { CONNECTION_COLUMNS, toConnection, type ConnectionRow } from './connection-row.js';
import { connectionEvent, type EventSubjectRow } from './connection-event.js';
import { replaceTags } from './connection-tags.js';
import { insertHistory, type HistoryChange } from './health-history.js';
import { insertEvents } from './outbox-append.js';
import type { NewEvent } from './outbox-types.js';
import { EMPTY_OWNER, mergeOwner, parseOwnerInput, tagsFromJson } from './owner.js';
import { queueSealedToken } from './revocation-queue.js';
import type { StoreContext } from './store-context.js';
import type {
  Connection,
  ConnectionOwner,
  HealthStatus,
  OwnerInput,
  SaveConnectionInput,
} from './types.js';
import { optionalText, requireStringArray, requireText } from './validate.js';

/** What a re-install needs from the row it replaces. */
export interface ReplacedRow {
  token_kid: string;
  token_iv: Buffer;
  token_ciphertext: Buffer;
  deleted_at_ms: number | string | null;
  delete_revoke_outcome: string | null;
  owner_display_name: string | null;
  owner_tags: string;
  health_status: string;
}

/** The columns of {@link ReplacedRow}, for a SELECT. */
const REPLACED_COLUMNS = `token_kid, token_iv, token_ciphertext, deleted_at_ms, delete_revoke_outcome,
           owner_display_name, owner_tags, health_status`;

const CAUSES: readonly NonNullable<SaveConnectionInput['cause']>[] = ['install', 'reconnect'];

/** A save, validated and sealed: what either way of writing it needs. */
export interface PreparedSave {
  readonly workspaceId: string;
  readonly token: string;
  readonly workspaceName: string | null;
  readonly scopes: string[];
  /** workspace_name, workspace_slug, token_level, scopes (JSON), installed_by: $2–$6 below. */
  readonly metadata: readonly unknown[];
  readonly ownerInput: OwnerInput | undefined;
  readonly cause: SaveConnectionInput['cause'];
  readonly sealed: EncryptedToken;
  readonly nowMs: number;
}

/**
 * Validates (owner included) and encrypts a save, so a bad input never touches the database.
 *
 * @example
 * ```ts
 * const prepared = prepareSave(ctx, { workspaceId, scopes, token });
 * ```
 */
export function prepareSave(ctx: StoreContext, input: SaveConnectionInput): PreparedSave {
  const workspaceId = requireText(input?.workspaceId, 'workspaceId');
  const token = requireText(input.token, 'token');
  const workspaceName = optionalText(input.workspaceName, 'workspaceName');
  const workspaceSlug = optionalText(input.workspaceSlug, 'workspaceSlug');
  const tokenLevel = optionalText(input.tokenLevel, 'tokenLevel');
  const scopes = requireStringArray(input.scopes, 'scopes');
  const installedBy = optionalText(input.installedBy, 'installedBy');
  const metadata = [workspaceName, workspaceSlug, tokenLevel, JSON.stringify(scopes), installedBy];
  const ownerInput = input.owner === undefined ? undefined : parseOwnerInput(input.owner);
  if (input.cause !== undefined && !CAUSES.includes(input.cause)) {
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.INPUT_INVALID,
      `cause must be one of ${CAUSES.join(', ')} (or left out).`,
    );
  }
  const sealed = encryptToken(ctx.keyRing, workspaceId, token);
  const nowMs = ctx.now().getTime();
  return {
    workspaceId,
    token,
    workspaceName,
    scopes,
    metadata,
    ownerInput,
    cause: input.cause,
    sealed,
    nowMs,
  };
}

/** A first install's INSERT: parameters from {@link rowParams}. */
export const INSERT_CONNECTION = `INSERT INTO connections (workspace_id, workspace_name, workspace_slug, token_level, scopes,
           installed_by, installed_at_ms, updated_at_ms, token_kid, token_iv, token_ciphertext,
           owner_display_name, owner_tags)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (workspace_id) DO NOTHING`;

/**
 * A re-install's `UPDATE connections SET …` (then `WHERE workspace_id = $1`): parameters from
 * {@link rowParams}, with the owner merged over the replaced row's.
 */
export const REINSTALL_SET = `workspace_name = $2, workspace_slug = $3, token_level = $4, scopes = $5,
           installed_by = $6, updated_at_ms = $7,
           installed_at_ms = CASE WHEN deleted_at_ms IS NULL THEN installed_at_ms ELSE $7 END,
           token_kid = $8, token_iv = $9, token_ciphertext = $10,
           owner_display_name = $11, owner_tags = $12,
           health_status = 'unknown', health_status_since_ms = NULL, last_checked_at_ms = NULL,
           next_check_at_ms = NULL,
           consecutive_failures = 0, last_error_code = NULL, missing_scopes = '[]',
           lease_owner = NULL, lease_expires_at_ms = NULL,
           alerted_status = CASE WHEN deleted_at_ms IS NULL THEN alerted_status ELSE NULL END,
           deleted_at_ms = NULL, delete_revoke_outcome = NULL, delete_revoke_error = NULL`;

/** $1–$12 of {@link INSERT_CONNECTION} and {@link REINSTALL_SET}. */
export function rowParams(p: PreparedSave, owner: ConnectionOwner): unknown[] {
  return [
    p.workspaceId,
    ...p.metadata,
    p.nowMs,
    p.sealed.kid,
    p.sealed.iv,
    p.sealed.ciphertext,
    owner.displayName,
    JSON.stringify(owner.tags),
  ];
}

/** What a first install writes beside its row. */
export function firstInstall(p: PreparedSave): {
  owner: ConnectionOwner;
  event: (row: EventSubjectRow) => NewEvent;
  history: HistoryChange;
} {
  return {
    owner: mergeOwner(EMPTY_OWNER, p.ownerInput),
    event: (row) => connectionEvent('connection.created', row, { scopes: p.scopes }),
    history: {
      workspaceId: p.workspaceId,
      from: null,
      to: 'unknown',
      atMs: p.nowMs,
      reasonCode: 'installed',
      missingScopesJson: '[]',
    },
  };
}

/**
 * What a re-install over `old` writes beside its row: the merged owner, the replaced token to queue
 * (undefined when {@link mustRevoke} says no), the event for the row as written, and the history
 * line of the reset to unknown (undefined when it was unknown already).
 */
export function reinstallOver(
  ctx: StoreContext,
  p: PreparedSave,
  old: ReplacedRow,
): {
  owner: ConnectionOwner;
  revoke: EncryptedToken | undefined;
  event: (row: EventSubjectRow) => NewEvent;
  history: HistoryChange | undefined;
} {
  const oldSealed = {
    kid: old.token_kid,
    iv: Buffer.from(old.token_iv),
    ciphertext: Buffer.from(old.token_ciphertext),
  };
  const { scopes } = p;
  return {
    owner: mergeOwner(
      { displayName: old.owner_display_name, tags: tagsFromJson(old.owner_tags) },
      p.ownerInput,
    ),
    revoke: mustRevoke(ctx, p.workspaceId, p.token, old, oldSealed) ? oldSealed : undefined,
    // A re-install keeps the alerted status, so a reconnect that fixes a revoked token is told as
    // health.recovered by the next check; a new install over a deleted row starts afresh.
    event: (row) =>
      old.deleted_at_ms !== null
        ? connectionEvent('connection.created', row, { scopes })
        : connectionEvent(
            p.cause === 'reconnect' ? 'connection.reconnected' : 'connection.replaced',
            row,
            { scopes, old_status: old.health_status as HealthStatus, new_status: 'unknown' },
          ),
    // The reset to unknown is a status change like any other (a soft-deleted row keeps its history,
    // so the timeline and the counts over time stay continuous).
    history:
      old.health_status === 'unknown'
        ? undefined
        : {
            workspaceId: p.workspaceId,
            from: old.health_status as HealthStatus,
            to: 'unknown',
            atMs: p.nowMs,
            reasonCode: 'reinstalled',
            missingScopesJson: '[]',
          },
  };
}

/**
 * Inserts a connection or replaces an existing one's token and metadata, in one transaction of
 * several statements (the way on SQLite; on PostgreSQL see `connection-save.ts`, which falls back to
 * this one). Validation and encryption happened before ({@link prepareSave}), so a bad input never
 * touches the database and never leaves a half-written row.
 *
 * A re-install keeps `installed_at`, resets health and lease (the new token has not been checked
 * yet), applies `owner` field by field, and puts the replaced token in the revocation queue (reason
 * `replaced`) in the same transaction: its sealed bytes are copied, never decrypted to be stored, so
 * a crash cannot leave an old token both unused and unrevoked. Nothing is queued when the new token
 * is the same, when a soft-delete already revoked the old one, or when the old one cannot be opened
 * with the current key ring (nobody could revoke it from the queue either). Saving over a
 * soft-deleted connection brings it back as a new install (`installed_at` = now).
 *
 * The insert is tried first with `ON CONFLICT DO NOTHING`: on PostgreSQL a concurrent first install
 * of the same workspace then waits for the other transaction and falls through to the locked
 * re-install path, so its token is queued too instead of being overwritten unseen.
 *
 * The same transaction writes the outbox event, after the row (whose lock orders a workspace's
 * events): `connection.created` when no live row existed (none, or a soft-deleted one), otherwise
 * `connection.reconnected` when `cause` is `reconnect` and `connection.replaced` when not. A save
 * that fails writes neither the row nor the event.
 *
 * @example
 * ```ts
 * const connection = await saveConnectionInTransaction(ctx, prepareSave(ctx, { workspaceId, scopes, token }));
 * ```
 */
export async function saveConnectionInTransaction(
  ctx: StoreContext,
  p: PreparedSave,
): Promise<Connection> {
  const { workspaceId, nowMs } = p;
  const { dialect } = ctx.driver;
  return ctx.driver.transaction(async (tx) => {
    // Twice at most: the second insert only runs if the row was hard-deleted between the two statements.
    for (let attempt = 0; ; attempt += 1) {
      const fresh = firstInstall(p);
      const inserted = await tx.all<ConnectionRow>(
        `${INSERT_CONNECTION}
         RETURNING ${CONNECTION_COLUMNS}`,
        rowParams(p, fresh.owner),
      );
      if (inserted.length === 1) {
        const row = inserted[0] as ConnectionRow;
        if (Object.keys(fresh.owner.tags).length > 0)
          await replaceTags(tx, workspaceId, fresh.owner.tags);
        await insertEvents(tx, [fresh.event(row)], nowMs);
        await insertHistory(tx, [fresh.history]);
        return toConnection(row);
      }
      const [old] = await tx.all<ReplacedRow>(
        `SELECT ${REPLACED_COLUMNS}
         FROM connections WHERE workspace_id = $1${dialect.lockSuffix}`,
        [workspaceId],
      );
      if (old === undefined) {
        if (attempt === 0) continue;
        throw new ConnectionStoreError(
          ConnectionStoreErrorCode.UNAVAILABLE,
          `The connection of workspace "${workspaceId}" was deleted while it was being saved; save it again.`,
        );
      }
      const next = reinstallOver(ctx, p, old);
      if (next.revoke !== undefined) {
        await queueSealedToken(tx, { workspaceId, reason: 'replaced', sealed: next.revoke, nowMs });
      }
      const rows = await tx.all<ConnectionRow>(
        `UPDATE connections SET ${REINSTALL_SET}
         WHERE workspace_id = $1
         RETURNING ${CONNECTION_COLUMNS}`,
        rowParams(p, next.owner),
      );
      const row = rows[0] as ConnectionRow;
      if (p.ownerInput?.tags !== undefined) await replaceTags(tx, workspaceId, next.owner.tags);
      await insertEvents(tx, [next.event(row)], nowMs);
      if (next.history !== undefined) await insertHistory(tx, [next.history]);
      return toConnection(row);
    }
  });
}

/**
 * Whether the replaced token must go to the revocation queue: it differs from the new one, a
 * soft-delete did not already revoke it, and the ring can open it.
 */
function mustRevoke(
  ctx: StoreContext,
  workspaceId: string,
  token: string,
  old: ReplacedRow,
  oldSealed: EncryptedToken,
): boolean {
  if (old.deleted_at_ms !== null) {
    const outcome = old.delete_revoke_outcome;
    if (outcome === 'revoked' || outcome === 'already_gone') return false;
  }
  let previous: string;
  try {
    previous = decryptToken(ctx.keyRing, workspaceId, oldSealed);
  } catch (err) {
    if (isConnectionStoreError(err)) return false;
    throw err;
  }
  const [a, b] = [Buffer.from(previous, 'utf8'), Buffer.from(token, 'utf8')];
  return a.length !== b.length || !timingSafeEqual(a, b);
}

/**
 * Reads and decrypts a workspace's token; undefined when no live connection is stored (soft-deleted
 * connections keep their sealed token, but it is not handed out).
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
  }>(
    'SELECT token_kid, token_iv, token_ciphertext FROM connections WHERE workspace_id = $1 AND deleted_at_ms IS NULL',
    [workspaceId],
  );
  if (rows.length === 0) return undefined;
  return decryptToken(ctx.keyRing, workspaceId, {
    kid: rows[0].token_kid,
    iv: Buffer.from(rows[0].token_iv),
    ciphertext: Buffer.from(rows[0].token_ciphertext),
  });
}
