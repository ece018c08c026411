/*
 * Saving a connection on PostgreSQL, where every statement is a round trip. The transaction of
 * `saveConnectionInTransaction` costs 5 round trips for a first install (BEGIN, the row, its event,
 * its history line, COMMIT) and 7 for a re-install (… the locked read, the queued old token …). Here
 * the same writes go as one data-modifying `WITH` each, so they stay all-or-nothing without BEGIN:
 *
 * 1. insert-or-read: the INSERT (`ON CONFLICT DO NOTHING`) with its event and history line, and, when
 *    the row exists, that row read back: a first install is done in this one round trip;
 * 2. a re-install: the UPDATE with the queued old token, event and history line, guarded by the row
 *    as read in 1 (token, deletion, owner, health), so what was decided from that read still holds.
 *
 * When 1 sees no row (a concurrent first install not yet visible to its snapshot, or a hard delete)
 * or the guard of 2 fails (the row changed in between), nothing was written and the locked
 * transaction does the save. Saves that write tags keep the transaction (they also rewrite
 * `connection_tags`).
 *
 * Why: with the callback's state lookups, a PostgreSQL install sent 9 statements (re-install 11); now
 * 3 (4). In `npm run bench -- install` the service thread's CPU per PostgreSQL install fell from
 * 4.2 to 2.7 ms and service / hand-written went from 0.59 (CPU ratio 0.59) to 0.37–0.88 in four runs
 * (CPU ratio 0.66–0.87) on a shared machine at load 8–20, where installs/s swing by 5× between runs.
 */
import { SqlParams } from '../drivers/sql-params.js';
import { CONNECTION_COLUMNS, toConnection, type ConnectionRow } from './connection-row.js';
import {
  firstInstall,
  INSERT_CONNECTION,
  prepareSave,
  REINSTALL_SET,
  reinstallOver,
  rowParams,
  saveConnectionInTransaction,
  type PreparedSave,
  type ReplacedRow,
} from './connection-records.js';
import type { EventSubjectRow } from './connection-event.js';
import { insertHistoryFrom } from './health-history.js';
import { insertEventFrom } from './outbox-append.js';
import { queueSealedTokenFrom } from './revocation-queue.js';
import type { StoreContext } from './store-context.js';
import type { Connection, ConnectionOwner, SaveConnectionInput } from './types.js';

/**
 * Inserts a connection or replaces an existing one's token and metadata, all or nothing, with what
 * `saveConnectionInTransaction` describes (revocation of the replaced token, outbox event, health
 * history); on PostgreSQL in one or two statements instead of a transaction of five to nine.
 *
 * @example
 * ```ts
 * const connection = await saveConnection(ctx, { workspaceId, scopes, token, owner: { tags: { team: 'growth' } } });
 * ```
 */
export async function saveConnection(
  ctx: StoreContext,
  input: SaveConnectionInput,
): Promise<Connection> {
  const p = prepareSave(ctx, input);
  if (ctx.driver.dialect.statementsAreRoundTrips && p.ownerInput?.tags === undefined) {
    const saved = await saveInStatements(ctx, p);
    if (saved !== undefined) return saved;
  }
  return saveConnectionInTransaction(ctx, p);
}

/** The subject columns of the row as the statement writes it, for its event. */
function subjectOf(p: PreparedSave, owner: ConnectionOwner): EventSubjectRow {
  return {
    workspace_id: p.workspaceId,
    workspace_name: p.workspaceName,
    owner_display_name: owner.displayName,
    owner_tags: JSON.stringify(owner.tags),
  };
}

type InsertOrRead = (ConnectionRow & { saved: 'inserted' }) | (ReplacedRow & { saved: 'found' });

/** The two statements; undefined when neither applied (nothing written). */
async function saveInStatements(
  ctx: StoreContext,
  p: PreparedSave,
): Promise<Connection | undefined> {
  const fresh = firstInstall(p);
  const params = new SqlParams();
  for (const value of rowParams(p, fresh.owner)) params.add(value);
  // The read sees the statement's snapshot: a row the INSERT skipped is there unless a concurrent
  // first install committed it after the snapshot was taken (then: no row, the transaction decides).
  const [first] = await ctx.driver.all<InsertOrRead>(
    `WITH ins AS (${INSERT_CONNECTION}
         RETURNING ${CONNECTION_COLUMNS}),
       ev AS (${insertEventFrom(params, 'ins', fresh.event(subjectOf(p, fresh.owner)), p.nowMs)}),
       hist AS (${insertHistoryFrom(params, 'ins', fresh.history)})
     SELECT 'inserted' AS saved, ${CONNECTION_COLUMNS}, NULL::text AS token_kid, NULL::bytea AS token_iv,
       NULL::bytea AS token_ciphertext FROM ins
     UNION ALL
     SELECT 'found' AS saved, ${CONNECTION_COLUMNS}, token_kid, token_iv, token_ciphertext FROM connections
     WHERE workspace_id = $1 AND NOT EXISTS (SELECT 1 FROM ins)`,
    params.values,
  );
  if (first === undefined) return undefined;
  if (first.saved === 'inserted') return toConnection(first);
  return replaceInStatement(ctx, p, first);
}

/** The guarded re-install; undefined when the row no longer is as `old` says. */
async function replaceInStatement(
  ctx: StoreContext,
  p: PreparedSave,
  old: ReplacedRow,
): Promise<Connection | undefined> {
  const next = reinstallOver(ctx, p, old);
  const params = new SqlParams();
  for (const value of rowParams(p, next.owner)) params.add(value);
  const guard = [
    `token_kid = ${params.add(old.token_kid)}`,
    `token_iv = ${params.add(old.token_iv)}`,
    `token_ciphertext = ${params.add(old.token_ciphertext)}`,
    `health_status = ${params.add(old.health_status)}`,
    `deleted_at_ms IS NOT DISTINCT FROM ${params.add(old.deleted_at_ms, 'bigint')}`,
    `delete_revoke_outcome IS NOT DISTINCT FROM ${params.add(old.delete_revoke_outcome, 'text')}`,
    `owner_display_name IS NOT DISTINCT FROM ${params.add(old.owner_display_name, 'text')}`,
    `owner_tags = ${params.add(old.owner_tags)}`,
  ];
  const parts = [
    `upd AS (UPDATE connections SET ${REINSTALL_SET}
       WHERE workspace_id = $1 AND ${guard.join(' AND ')}
       RETURNING ${CONNECTION_COLUMNS})`,
    `ev AS (${insertEventFrom(params, 'upd', next.event(subjectOf(p, next.owner)), p.nowMs)})`,
  ];
  if (next.revoke !== undefined) {
    const entry = {
      workspaceId: p.workspaceId,
      reason: 'replaced' as const,
      sealed: next.revoke,
      nowMs: p.nowMs,
    };
    parts.push(`rev AS (${queueSealedTokenFrom(params, 'upd', entry)})`);
  }
  if (next.history !== undefined)
    parts.push(`hist AS (${insertHistoryFrom(params, 'upd', next.history)})`);
  const [row] = await ctx.driver.all<ConnectionRow>(
    `WITH ${parts.join(',\n     ')}
     SELECT ${CONNECTION_COLUMNS} FROM upd`,
    params.values,
  );
  return row === undefined ? undefined : toConnection(row);
}
