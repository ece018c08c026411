/**
 * `GET /v2/workspace_members` (https://docs.attio.com/rest-api/endpoint-reference/workspace-members/list-workspace-members):
 * not paginated, needs `user_management:read`. Parsed leniently and exposed in camelCase.
 */
import { dataArray } from './objects.js';
import { rec, strOrNull } from './json-readers.js';

/**
 * One workspace member.
 *
 * @example
 * ```ts
 * const admins = (await client.listWorkspaceMembers()).filter((m) => m.accessLevel === 'admin');
 * ```
 */
export interface WorkspaceMember {
  id: { workspaceId: string; workspaceMemberId: string };
  firstName: string | null;
  lastName: string | null;
  avatarUrl: string | null;
  emailAddress: string | null;
  /** `admin` | `member` | `suspended` (other values are passed through). */
  accessLevel: string | null;
  createdAt?: string;
  raw: Record<string, unknown>;
}

/**
 * Parses a `GET /v2/workspace_members` body; entries without an id are skipped.
 *
 * @example
 * ```ts
 * parseWorkspaceMembers({ data: [{ id: { workspace_id: 'w', workspace_member_id: 'm' }, access_level: 'admin' }] })[0].accessLevel;
 * // → 'admin'
 * ```
 */
export function parseWorkspaceMembers(body: unknown): WorkspaceMember[] {
  const out: WorkspaceMember[] = [];
  for (const item of dataArray(body, 'GET /v2/workspace_members')) {
    const raw = rec(item);
    const id = rec(raw?.['id']);
    if (!raw || !id || typeof id['workspace_member_id'] !== 'string') continue;
    const member: WorkspaceMember = {
      id: {
        workspaceId: strOrNull(id['workspace_id']) ?? '',
        workspaceMemberId: id['workspace_member_id'],
      },
      firstName: strOrNull(raw['first_name']),
      lastName: strOrNull(raw['last_name']),
      avatarUrl: strOrNull(raw['avatar_url']),
      emailAddress: strOrNull(raw['email_address']),
      accessLevel: strOrNull(raw['access_level']),
      raw,
    };
    if (typeof raw['created_at'] === 'string') member.createdAt = raw['created_at'];
    out.push(member);
  }
  return out;
}
