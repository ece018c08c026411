import { tagsFromJson } from './owner.js';
import type { Connection, HealthStatus, RevokeOutcome } from './types.js';

/** Columns every connection query selects (never the token columns). */
export const CONNECTION_COLUMNS = [
  'workspace_id',
  'workspace_name',
  'workspace_slug',
  'token_level',
  'scopes',
  'installed_by',
  'installed_at_ms',
  'updated_at_ms',
  'health_status',
  'health_status_since_ms',
  'last_checked_at_ms',
  'consecutive_failures',
  'last_error_code',
  'missing_scopes',
  'owner_display_name',
  'owner_tags',
  'deleted_at_ms',
  'delete_revoke_outcome',
  'delete_revoke_error',
].join(', ');

/** A `connections` row as either driver returns it (PostgreSQL gives BIGINT as a string). */
export interface ConnectionRow {
  workspace_id: string;
  workspace_name: string | null;
  workspace_slug: string | null;
  token_level: string | null;
  scopes: string;
  installed_by: string | null;
  installed_at_ms: number | string;
  updated_at_ms: number | string;
  health_status: string;
  health_status_since_ms: number | string | null;
  last_checked_at_ms: number | string | null;
  consecutive_failures: number | string;
  last_error_code: string | null;
  missing_scopes: string;
  owner_display_name: string | null;
  owner_tags: string;
  deleted_at_ms: number | string | null;
  delete_revoke_outcome: string | null;
  delete_revoke_error: string | null;
}

function dateOrNull(value: number | string | null): Date | null {
  return value === null ? null : new Date(Number(value));
}

function stringArray(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : [];
}

/**
 * Maps a row to the public {@link Connection} shape.
 *
 * @example
 * ```ts
 * const [row] = await db.all<ConnectionRow>(`SELECT ${CONNECTION_COLUMNS} FROM connections`);
 * const connection = toConnection(row);
 * ```
 */
export function toConnection(row: ConnectionRow): Connection {
  return {
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    workspaceSlug: row.workspace_slug,
    tokenLevel: row.token_level,
    scopes: stringArray(row.scopes),
    installedBy: row.installed_by,
    installedAt: new Date(Number(row.installed_at_ms)),
    updatedAt: new Date(Number(row.updated_at_ms)),
    health: {
      status: row.health_status as HealthStatus,
      statusSince: dateOrNull(row.health_status_since_ms),
      lastCheckedAt: dateOrNull(row.last_checked_at_ms),
      consecutiveFailures: Number(row.consecutive_failures),
      lastErrorCode: row.last_error_code,
      missingScopes: stringArray(row.missing_scopes),
    },
    owner: { displayName: row.owner_display_name, tags: tagsFromJson(row.owner_tags) },
    deleted:
      row.deleted_at_ms === null
        ? null
        : {
            deletedAt: new Date(Number(row.deleted_at_ms)),
            revoke:
              row.delete_revoke_outcome === null
                ? null
                : {
                    outcome: row.delete_revoke_outcome as RevokeOutcome,
                    error: row.delete_revoke_error,
                  },
          },
  };
}
