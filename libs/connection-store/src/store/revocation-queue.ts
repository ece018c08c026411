import { randomUUID } from 'node:crypto';
import { encryptToken, type EncryptedToken } from '../crypto/token-cipher.js';
import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import type { SqlSession } from '../drivers/sql-driver.js';
import type { SqlParams } from '../drivers/sql-params.js';
import { REVOCATION_COLUMNS, toRevocation, type RevocationRow } from './revocation-row.js';
import type {
  EnqueueRevocationInput,
  RecordRevocationInput,
  Revocation,
  RevocationReason,
  RevocationState,
} from './revocation-types.js';
import {
  connectionEvent,
  EVENT_SUBJECT_COLUMNS,
  type EventSubjectRow,
} from './connection-event.js';
import { insertEvents } from './outbox-append.js';
import type { StoreContext } from './store-context.js';
import type { RevokeOutcome } from './types.js';
import { optionalText, requireDate, requireInteger, requireText } from './validate.js';

const REASONS: readonly RevocationReason[] = ['replaced', 'install_refused', 'deleted'];
const STATES: readonly RevocationState[] = ['pending', 'revoked', 'already_gone'];
const OUTCOMES: readonly RevokeOutcome[] = ['revoked', 'already_gone', 'failed'];

/** First retry after a failed revoke; each further failure doubles it, up to {@link RETRY_MAX_MS}. */
export const RETRY_BASE_MS = 60_000;
/** The longest default wait between two revoke attempts. */
export const RETRY_MAX_MS = 3_600_000;
/** Stored error texts are cut to this many characters. */
const ERROR_MAX = 500;

function invalid(message: string): ConnectionStoreError {
  return new ConnectionStoreError(ConnectionStoreErrorCode.INPUT_INVALID, message);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (!allowed.includes(value as T)) throw invalid(`${name} must be one of ${allowed.join(', ')}.`);
  return value as T;
}

/**
 * Queues an already sealed token inside the caller's transaction, due at `nowMs`. The sealed bytes
 * are copied as they are: they were encrypted for `workspaceId`, and the queue keeps that workspace.
 *
 * @example
 * ```ts
 * await driver.transaction((tx) => queueSealedToken(tx, { workspaceId, reason: 'replaced', sealed, nowMs }));
 * ```
 */
export async function queueSealedToken(
  tx: SqlSession,
  entry: { workspaceId: string; reason: RevocationReason; sealed: EncryptedToken; nowMs: number },
): Promise<Revocation> {
  const rows = await tx.all<RevocationRow>(
    `INSERT INTO revocations (id, workspace_id, reason, state, token_kid, token_iv, token_ciphertext,
       attempts, next_attempt_at_ms, created_at_ms)
     VALUES ($1, $2, $3, 'pending', $4, $5, $6, 0, $7, $7)
     RETURNING ${REVOCATION_COLUMNS}`,
    [
      randomUUID(),
      entry.workspaceId,
      entry.reason,
      entry.sealed.kid,
      entry.sealed.iv,
      entry.sealed.ciphertext,
      entry.nowMs,
    ],
  );
  return toRevocation(rows[0] as RevocationRow);
}

/**
 * {@link queueSealedToken} as an `INSERT … SELECT` for a `WITH` part of the caller's statement
 * (PostgreSQL only): queues the sealed token for the one row `source` yields, nothing when it
 * yields none, so a replaced token is queued exactly when its replacement is written.
 *
 * @example
 * ```ts
 * const sql = `WITH upd AS (UPDATE connections … RETURNING workspace_id), rev AS (${queueSealedTokenFrom(params, 'upd', entry)}) SELECT * FROM upd`;
 * ```
 */
export function queueSealedTokenFrom(
  params: SqlParams,
  source: string,
  entry: { workspaceId: string; reason: RevocationReason; sealed: EncryptedToken; nowMs: number },
): string {
  const at = params.add(entry.nowMs, 'bigint');
  return `INSERT INTO revocations (id, workspace_id, reason, state, token_kid, token_iv, token_ciphertext,
       attempts, next_attempt_at_ms, created_at_ms)
     SELECT ${params.add(randomUUID(), 'text')}, ${params.add(entry.workspaceId, 'text')},
       ${params.add(entry.reason, 'text')}, 'pending', ${params.add(entry.sealed.kid, 'text')},
       ${params.add(entry.sealed.iv, 'bytea')}, ${params.add(entry.sealed.ciphertext, 'bytea')}, 0, ${at}, ${at}
     FROM ${source}`;
}

/**
 * Seals a token the caller holds (e.g. one refused after the code exchange) and queues it.
 *
 * @example
 * ```ts
 * await enqueueRevocation(ctx, { workspaceId, token, reason: 'install_refused' });
 * ```
 */
export async function enqueueRevocation(
  ctx: StoreContext,
  input: EnqueueRevocationInput,
): Promise<Revocation> {
  const workspaceId = requireText(input?.workspaceId, 'workspaceId');
  const token = requireText(input.token, 'token');
  const reason = oneOf(input.reason, REASONS, 'reason');
  const sealed = encryptToken(ctx.keyRing, workspaceId, token);
  return queueSealedToken(ctx.driver, { workspaceId, reason, sealed, nowMs: ctx.now().getTime() });
}

/**
 * The default wait after the `attempts`-th failed revoke: 1 min, doubling per failure, at most 1 h.
 *
 * @example
 * ```ts
 * revocationRetryDelayMs(1); // 60_000
 * revocationRetryDelayMs(3); // 240_000
 * ```
 */
export function revocationRetryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.min(Math.max(attempts - 1, 0), 16), RETRY_MAX_MS);
}

/**
 * Records one revoke attempt of a pending entry and frees its lease. Success (`revoked`,
 * `already_gone`) finishes the entry and sets its sealed token to NULL; `failed` counts the attempt,
 * keeps the error and makes the entry due at `retryAt` (default {@link revocationRetryDelayMs}). The
 * row is read under lock and written in one transaction; a finished entry is never reopened.
 *
 * A success of a `deleted` or `replaced` entry also writes `connection.token_revoked` (data: `reason`,
 * `outcome`) in that transaction, describing the connection as it is now (only the workspace id once
 * it is purged). A token refused at install (`install_refused`) never was a connection: no event.
 *
 * @example
 * ```ts
 * await recordRevocation(ctx, id, { outcome: 'failed', error: 'OAUTH_REVOKE_FAILED' });
 * ```
 */
export async function recordRevocation(
  ctx: StoreContext,
  id: string,
  input: RecordRevocationInput,
): Promise<Revocation | undefined> {
  requireText(id, 'id');
  const outcome = oneOf(input?.outcome, OUTCOMES, 'outcome');
  const error = optionalText(input.error, 'error')?.slice(0, ERROR_MAX) ?? null;
  const retryAtMs =
    input.retryAt === undefined ? null : requireDate(input.retryAt, 'retryAt').getTime();
  const nowMs = ctx.now().getTime();
  return ctx.driver.transaction(async (tx) => {
    const rows = await tx.all<RevocationRow>(
      `SELECT ${REVOCATION_COLUMNS} FROM revocations WHERE id = $1${ctx.driver.dialect.lockSuffix}`,
      [id],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    if (row.state !== 'pending') return toRevocation(row);
    const attempts = Number(row.attempts) + 1;
    const updated =
      outcome === 'failed'
        ? await tx.all<RevocationRow>(
            `UPDATE revocations SET attempts = $2, last_error = $3, next_attempt_at_ms = $4,
               lease_owner = NULL, lease_expires_at_ms = NULL
             WHERE id = $1 RETURNING ${REVOCATION_COLUMNS}`,
            [id, attempts, error, retryAtMs ?? nowMs + revocationRetryDelayMs(attempts)],
          )
        : await tx.all<RevocationRow>(
            `UPDATE revocations SET state = $2, attempts = $3, completed_at_ms = $4,
               next_attempt_at_ms = NULL, token_kid = NULL, token_iv = NULL, token_ciphertext = NULL,
               lease_owner = NULL, lease_expires_at_ms = NULL
             WHERE id = $1 RETURNING ${REVOCATION_COLUMNS}`,
            [id, outcome, attempts, nowMs],
          );
    if (outcome !== 'failed' && row.reason !== 'install_refused') {
      await insertEvents(tx, [await tokenRevokedEvent(tx, ctx, row, outcome)], nowMs);
    }
    return toRevocation(updated[0] as RevocationRow);
  });
}

/** The event of a successful revoke; the connection row is locked so its events stay in order. */
async function tokenRevokedEvent(
  tx: SqlSession,
  ctx: StoreContext,
  row: RevocationRow,
  outcome: RevokeOutcome,
) {
  const [subject] = await tx.all<EventSubjectRow>(
    `SELECT ${EVENT_SUBJECT_COLUMNS} FROM connections WHERE workspace_id = $1${ctx.driver.dialect.lockSuffix}`,
    [row.workspace_id],
  );
  return connectionEvent(
    'connection.token_revoked',
    subject ?? {
      workspace_id: row.workspace_id,
      workspace_name: null,
      owner_display_name: null,
      owner_tags: '{}',
    },
    { reason: row.reason, outcome },
  );
}

/**
 * Queue entries without their tokens, oldest first.
 *
 * @example
 * ```ts
 * const pending = await listRevocations(ctx, { state: 'pending' });
 * ```
 */
export async function listRevocations(
  ctx: StoreContext,
  options: { workspaceId?: string; state?: RevocationState; limit?: number } = {},
): Promise<Revocation[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (options.workspaceId !== undefined) {
    params.push(requireText(options.workspaceId, 'workspaceId'));
    where.push(`workspace_id = $${params.length}`);
  }
  if (options.state !== undefined) {
    params.push(oneOf(options.state, STATES, 'state'));
    where.push(`state = $${params.length}`);
  }
  params.push(requireInteger(options.limit ?? 100, 'limit', 1, 10_000));
  const rows = await ctx.driver.all<RevocationRow>(
    `SELECT ${REVOCATION_COLUMNS} FROM revocations${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`}
     ORDER BY created_at_ms, id LIMIT $${params.length}`,
    params,
  );
  return rows.map(toRevocation);
}
