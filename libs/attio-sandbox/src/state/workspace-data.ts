/**
 * The per-workspace data model (members, objects with their records, lists, meetings), stored directly in
 * the JSON shapes Attio's OpenAPI document gives for responses, so handlers serialise without mapping.
 */
import type { SandboxWorkspace } from '../types.js';
import type { AttributeDef, RecordValue } from './record-values.js';

/** `workspace-member` schema. */
export interface MemberJson {
  readonly id: {
    readonly workspace_id: string;
    readonly workspace_member_id: string;
  };
  readonly first_name: string;
  readonly last_name: string;
  readonly avatar_url: string | null;
  readonly email_address: string;
  readonly created_at: string;
  readonly access_level: 'admin' | 'member' | 'suspended';
}

/** `object` schema. */
export interface ObjectJson {
  readonly id: { readonly workspace_id: string; readonly object_id: string };
  readonly api_slug: string;
  readonly singular_noun: string;
  readonly plural_noun: string;
  readonly created_at: string;
}

/** A record as the records endpoints return it. */
export interface RecordJson {
  readonly id: {
    readonly workspace_id: string;
    readonly object_id: string;
    readonly record_id: string;
  };
  readonly created_at: string;
  readonly web_url: string;
  readonly values: Record<string, RecordValue[]>;
}

/** An object plus what the sandbox needs to serve its records. */
export interface ObjectData {
  readonly json: ObjectJson;
  readonly attributes: readonly AttributeDef[];
  readonly records: RecordJson[];
}

/** `list` schema. */
export interface ListJson {
  readonly id: { readonly workspace_id: string; readonly list_id: string };
  readonly api_slug: string;
  readonly name: string;
  readonly parent_object: string[];
  readonly workspace_access: 'full-access' | 'read-and-write' | 'read-only' | null;
  readonly workspace_member_access: {
    workspace_member_id: string;
    level: string;
  }[];
  readonly created_by_actor: { readonly id: string; readonly type: string };
  readonly created_at: string;
}

/** `meeting` schema (the fields the document requires). */
export interface MeetingJson {
  readonly id: { readonly workspace_id: string; readonly meeting_id: string };
  readonly title: string;
  readonly description: string;
  readonly is_all_day: boolean;
  readonly start: {
    readonly datetime: string;
    readonly timezone: string | null;
  };
  readonly end: { readonly datetime: string; readonly timezone: string | null };
  readonly participants: {
    status: string;
    is_organizer: boolean;
    email_address: string | null;
  }[];
  readonly linked_records: {
    object_slug: string;
    object_id: string;
    record_id: string;
  }[];
  readonly created_at: string;
  readonly created_by_actor: { readonly id: string; readonly type: string };
}

/**
 * Everything the sandbox holds for one workspace.
 *
 * @example
 * ```ts
 * const data: WorkspaceData = seedWorkspace({ id, name: 'Acme', slug: 'acme' }, adminMemberId, Date.now());
 * data.objects.find((o) => o.json.api_slug === 'people');
 * ```
 */
export interface WorkspaceData {
  readonly workspace: SandboxWorkspace;
  readonly logoUrl: string | null;
  readonly members: MemberJson[];
  readonly objects: ObjectData[];
  readonly lists: ListJson[];
  readonly meetings: MeetingJson[];
}

/**
 * Finds an object by api slug or id (Attio accepts both in `{object}`).
 *
 * @example
 * ```ts
 * findObject(data, 'companies')?.json.plural_noun; // → 'Companies'
 * ```
 */
export function findObject(data: WorkspaceData, slugOrId: string): ObjectData | undefined {
  return data.objects.find((o) => o.json.api_slug === slugOrId || o.json.id.object_id === slugOrId);
}
