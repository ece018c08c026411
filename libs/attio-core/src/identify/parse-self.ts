/**
 * Lenient parsing of `GET /v2/self` (https://docs.attio.com/rest-api/endpoint-reference/meta/identify).
 * Shaped after RFC 7662 introspection: only `active` is guaranteed; absent members are omitted, not null.
 * Both revisions are accepted: 2025/2026-03 (always `authorized_by_workspace_member_id`) and 2026-10
 * (adds `token_level`, may omit `authorized_by_workspace_member_id`).
 */
import { AttioResponseValidationError } from '@attio-auth/attio-errors';
import { parseScopes } from '../scopes/parse-scopes.js';

/**
 * An active token's identity.
 *
 * @example
 * ```ts
 * const me = await client.self();
 * if (me.active) console.log(me.workspaceName, me.scopes);
 * ```
 */
export interface ActiveToken {
  active: true;
  scopes: string[];
  workspaceId?: string;
  workspaceName?: string;
  workspaceSlug?: string;
  workspaceLogoUrl?: string | null;
  clientId?: string;
  tokenLevel?: 'workspace' | 'user';
  authorizedByWorkspaceMemberId?: string;
  issuedAt?: Date;
  /** The body as received, for fields this parser does not model. */
  raw: Record<string, unknown>;
}

/**
 * `{ active: false }` for unknown, revoked or uninstalled tokens (a 200 answer, not an error), else the identity.
 *
 * @example
 * ```ts
 * const result: SelfResult = { active: false };
 * ```
 */
export type SelfResult = { active: false } | ActiveToken;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Validates and normalises a `/v2/self` body. Throws AttioResponseValidationError only when `active` is
 * missing or not a boolean (or the body is not an object); every other member is optional.
 *
 * @example
 * ```ts
 * parseSelfResponse({ active: true, scope: 'record_permission:read', workspace_id: 'w1' }).active; // → true
 * parseSelfResponse({ active: false }); // → { active: false }
 * ```
 */
export function parseSelfResponse(json: unknown): SelfResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AttioResponseValidationError({
      message:
        'GET /v2/self did not return a JSON object. Check the base URL points at the Attio API.',
      status: 200,
    });
  }
  const raw = json as Record<string, unknown>;
  if (raw['active'] === false) return { active: false };
  if (raw['active'] !== true) {
    throw new AttioResponseValidationError({
      message: `GET /v2/self returned no boolean "active" member (got ${JSON.stringify(typeof raw['active'])}). Check the base URL points at the Attio API.`,
      status: 200,
    });
  }
  const token: ActiveToken = {
    active: true,
    scopes: parseScopes(scopeValue(raw['scope'])),
    raw,
  };
  const workspaceId = str(raw['workspace_id']) ?? str(raw['sub']);
  const clientId = str(raw['client_id']) ?? str(raw['aud']);
  const set = <K extends keyof ActiveToken>(key: K, value: ActiveToken[K] | undefined): void => {
    if (value !== undefined) token[key] = value;
  };
  set('workspaceId', workspaceId);
  set('workspaceName', str(raw['workspace_name']));
  set('workspaceSlug', str(raw['workspace_slug']));
  const logo = raw['workspace_logo_url'];
  set('workspaceLogoUrl', logo === null ? null : str(logo));
  set('clientId', clientId);
  const level = raw['token_level'];
  set('tokenLevel', level === 'workspace' || level === 'user' ? level : undefined);
  set('authorizedByWorkspaceMemberId', str(raw['authorized_by_workspace_member_id']));
  const iat = raw['iat'];
  if (typeof iat === 'number' && Number.isFinite(iat)) set('issuedAt', new Date(iat * 1000));
  return token;
}

function scopeValue(v: unknown): string | string[] | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((s): s is string => typeof s === 'string');
  return undefined;
}
