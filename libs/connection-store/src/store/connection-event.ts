import { tagsFromJson } from './owner.js';
import type { EventData, EventType, NewEvent } from './outbox-types.js';

/** The connection columns an event describes its workspace with (never a token column). */
export interface EventSubjectRow {
  workspace_id: string;
  workspace_name: string | null;
  owner_display_name: string | null;
  owner_tags: string;
}

/** The subject columns, for a SELECT or RETURNING list. */
export const EVENT_SUBJECT_COLUMNS = 'workspace_id, workspace_name, owner_display_name, owner_tags';

/**
 * An event about one connection: the workspace id and name and the owner (display name, tags) come
 * from the row as written by the change, `extra` adds the type's own fields (statuses, reason, …).
 * Built only from metadata columns, so no token can end up in it.
 *
 * @example
 * ```ts
 * await insertEvents(tx, [connectionEvent('connection.restored', row)], nowMs);
 * ```
 */
export function connectionEvent(
  type: EventType,
  row: EventSubjectRow,
  extra: EventData = {},
): NewEvent {
  return {
    type,
    workspaceId: row.workspace_id,
    data: {
      workspace_id: row.workspace_id,
      workspace_name: row.workspace_name,
      owner: { display_name: row.owner_display_name, tags: tagsFromJson(row.owner_tags) },
      ...extra,
    },
  };
}
