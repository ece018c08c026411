/**
 * The `/v2/self` (and `/oauth/introspect`) body for a token, per Attio's "Identify" endpoint and
 * RFC 7662 §2.2: exactly the documented members, `scope` space-separated, `exp` null (Attio tokens never
 * expire). `token_level` is from the 2026-10 revision. The serialised body is cached on the token record
 * so the hot path does no work beyond a Map lookup.
 */
import type { SandboxState, TokenRecord } from './sandbox-state.js';

/** What an unknown, revoked or uninstalled token gets: `200 {"active": false}`. */
export const INACTIVE_BODY = '{"active":false}';

/**
 * Serialised identify body of a token (`INACTIVE_BODY` unless it is active in a known workspace).
 *
 * @example
 * ```ts
 * JSON.parse(selfBodyOf(state, state.tokens.get(token))).workspace_id; // → the token's workspace id
 * ```
 */
export function selfBodyOf(state: SandboxState, record: TokenRecord | undefined): string {
  if (record === undefined || !record.active) return INACTIVE_BODY;
  if (record.selfBody !== undefined) return record.selfBody;
  const workspace = state.workspace(record.workspaceId);
  if (workspace === undefined) return INACTIVE_BODY;
  record.selfBody = JSON.stringify({
    active: true,
    scope: record.scopes.join(' '),
    client_id: record.clientId,
    token_type: 'Bearer',
    exp: null,
    iat: record.issuedAt,
    sub: workspace.id,
    aud: record.clientId,
    iss: 'attio.com',
    workspace_id: workspace.id,
    workspace_name: workspace.name,
    workspace_slug: workspace.slug,
    workspace_logo_url: null,
    authorized_by_workspace_member_id: record.authorizedBy,
    token_level: record.level,
  });
  return record.selfBody;
}
