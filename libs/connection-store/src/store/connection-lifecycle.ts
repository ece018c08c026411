import { CONNECTION_COLUMNS, toConnection, type ConnectionRow } from './connection-row.js';
import {
  connectionEvent,
  EVENT_SUBJECT_COLUMNS,
  type EventSubjectRow,
} from './connection-event.js';
import { deleteTagsOf } from './connection-tags.js';
import { deleteHistoryOf } from './health-history.js';
import { insertEvents } from './outbox-append.js';
import type { StoreContext } from './store-context.js';
import type { Connection, RevokeOutcome } from './types.js';
import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import { optionalText, requireDate, requireText } from './validate.js';

const OUTCOMES: readonly RevokeOutcome[] = ['revoked', 'already_gone', 'failed'];
/** Stored revoke error texts are cut to this many characters. */
const ERROR_MAX = 500;

/**
 * Soft-deletes a live connection: sets `deleted_at` and the revoke outcome, keeps the row and its
 * sealed token (so it can be restored). One `UPDATE … WHERE deleted_at_ms IS NULL RETURNING`, so of
 * two concurrent deletes one records its outcome and the other gets undefined. The same transaction
 * writes `connection.deleted` (data: `revoke_outcome`, null when no revoke was attempted), then
 * `connection.token_revoked` (data: `reason: 'deleted'`, `outcome`) when the revoke succeeded
 * (`revoked` or `already_gone`); a delete of an unknown or already deleted workspace writes nothing.
 *
 * @example
 * ```ts
 * const gone = await softDeleteConnection(ctx, 'ws-1', { revoke: { outcome: 'revoked' } });
 * ```
 */
export async function softDeleteConnection(
  ctx: StoreContext,
  workspaceId: string,
  options: { revoke: { outcome: RevokeOutcome; error?: string | null } | null; now?: Date },
): Promise<Connection | undefined> {
  requireText(workspaceId, 'workspaceId');
  const revoke = options?.revoke;
  if (revoke === undefined || (revoke !== null && typeof revoke !== 'object')) {
    throw invalid('revoke must be { outcome, error? } or null (no revoke attempted).');
  }
  if (revoke !== null && !OUTCOMES.includes(revoke.outcome)) {
    throw invalid(`revoke.outcome must be one of ${OUTCOMES.join(', ')}.`);
  }
  const error =
    revoke === null
      ? null
      : (optionalText(revoke.error, 'revoke.error')?.slice(0, ERROR_MAX) ?? null);
  const at = options.now === undefined ? ctx.now() : requireDate(options.now, 'now');
  return ctx.driver.transaction(async (tx) => {
    const rows = await tx.all<ConnectionRow>(
      `UPDATE connections SET deleted_at_ms = $2, delete_revoke_outcome = $3, delete_revoke_error = $4,
         lease_owner = NULL, lease_expires_at_ms = NULL
       WHERE workspace_id = $1 AND deleted_at_ms IS NULL
       RETURNING ${CONNECTION_COLUMNS}`,
      [workspaceId, at.getTime(), revoke?.outcome ?? null, error],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const outcome = revoke?.outcome ?? null;
    const events = [connectionEvent('connection.deleted', row, { revoke_outcome: outcome })];
    // The caller revoked the token at Attio before deleting: tell it as the queue's revokes are told.
    if (outcome === 'revoked' || outcome === 'already_gone') {
      events.push(connectionEvent('connection.token_revoked', row, { reason: 'deleted', outcome }));
    }
    await insertEvents(tx, events, at.getTime());
    return toConnection(row);
  });
}

/**
 * Brings a soft-deleted connection back (its token, tags and health as they were). If the delete
 * revoked the token at Attio, the next health check reports it `revoked`: reconnect instead. Writes
 * `connection.restored` in the same transaction.
 *
 * @example
 * ```ts
 * if (!(await restoreConnection(ctx, 'ws-1'))) console.log('not deleted, or purged already');
 * ```
 */
export async function restoreConnection(ctx: StoreContext, workspaceId: string): Promise<boolean> {
  requireText(workspaceId, 'workspaceId');
  return ctx.driver.transaction(async (tx) => {
    const rows = await tx.all<EventSubjectRow>(
      `UPDATE connections SET deleted_at_ms = NULL, delete_revoke_outcome = NULL, delete_revoke_error = NULL
       WHERE workspace_id = $1 AND deleted_at_ms IS NOT NULL
       RETURNING ${EVENT_SUBJECT_COLUMNS}`,
      [workspaceId],
    );
    const row = rows[0];
    if (row === undefined) return false;
    await insertEvents(tx, [connectionEvent('connection.restored', row)], ctx.now().getTime());
    return true;
  });
}

/**
 * Hard-deletes every connection soft-deleted before `deletedBefore`, with their tags and health history, in one
 * transaction; returns how many connections went. No event: the soft delete already told
 * `connection.deleted`, and events (with their deliveries) outlive the rows they describe.
 *
 * @example
 * ```ts
 * await purgeDeleted(ctx, { deletedBefore: new Date(Date.now() - 30 * 86_400_000) });
 * ```
 */
export async function purgeDeleted(
  ctx: StoreContext,
  options: { deletedBefore: Date },
): Promise<number> {
  const before = requireDate(options?.deletedBefore, 'deletedBefore').getTime();
  return ctx.driver.transaction(async (tx) => {
    // RETURNING names exactly the rows this statement removed, so no tag of a row deleted or
    // restored meanwhile is touched.
    const gone = await tx.all<{ workspace_id: string }>(
      'DELETE FROM connections WHERE deleted_at_ms IS NOT NULL AND deleted_at_ms < $1 RETURNING workspace_id',
      [before],
    );
    const ids = gone.map((r) => r.workspace_id);
    await deleteTagsOf(tx, ids);
    await deleteHistoryOf(tx, ids);
    return gone.length;
  });
}

/**
 * Hard-deletes one connection with its tags and health history. `onlyDeleted` (the lifecycle's purge) refuses a live one.
 * Writes no event (a hard delete is an operator's clean-up, not a lifecycle change; soft-delete first
 * when subscribers must hear of it).
 *
 * @example
 * ```ts
 * await hardDeleteConnection(ctx, 'ws-1', { onlyDeleted: true });
 * ```
 */
export async function hardDeleteConnection(
  ctx: StoreContext,
  workspaceId: string,
  options: { onlyDeleted: boolean },
): Promise<boolean> {
  requireText(workspaceId, 'workspaceId');
  return ctx.driver.transaction(async (tx) => {
    const changed = await tx.run(
      `DELETE FROM connections WHERE workspace_id = $1${options.onlyDeleted ? ' AND deleted_at_ms IS NOT NULL' : ''}`,
      [workspaceId],
    );
    if (changed === 1) {
      await deleteTagsOf(tx, [workspaceId]);
      await deleteHistoryOf(tx, [workspaceId]);
    }
    return changed === 1;
  });
}

function invalid(message: string): ConnectionStoreError {
  return new ConnectionStoreError(ConnectionStoreErrorCode.INPUT_INVALID, message);
}
