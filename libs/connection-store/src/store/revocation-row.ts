import type { Revocation, RevocationReason, RevocationState } from './revocation-types.js';

/** Columns every revocation query selects (never the token columns). */
export const REVOCATION_COLUMNS = [
  'id',
  'workspace_id',
  'reason',
  'state',
  'attempts',
  'last_error',
  'next_attempt_at_ms',
  'created_at_ms',
  'completed_at_ms',
].join(', ');

/** A `revocations` row as either driver returns it (PostgreSQL gives BIGINT as a string). */
export interface RevocationRow {
  id: string;
  workspace_id: string;
  reason: string;
  state: string;
  attempts: number | string;
  last_error: string | null;
  next_attempt_at_ms: number | string | null;
  created_at_ms: number | string;
  completed_at_ms: number | string | null;
}

function dateOrNull(value: number | string | null): Date | null {
  return value === null ? null : new Date(Number(value));
}

/**
 * Maps a row to the public {@link Revocation} shape.
 *
 * @example
 * ```ts
 * const entries = (await db.all<RevocationRow>(`SELECT ${REVOCATION_COLUMNS} FROM revocations`)).map(toRevocation);
 * ```
 */
export function toRevocation(row: RevocationRow): Revocation {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    reason: row.reason as RevocationReason,
    state: row.state as RevocationState,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    nextAttemptAt: dateOrNull(row.next_attempt_at_ms),
    createdAt: new Date(Number(row.created_at_ms)),
    completedAt: dateOrNull(row.completed_at_ms),
  };
}
