import type { SelfResult } from '@attio-auth/attio-core';
import { remedyFor } from '@attio-auth/attio-errors';
import { fail, pass, type CheckResult } from './check-result.js';
import type { IdentityInfo } from '../output/report.js';

/**
 * The identity check from `GET /v2/self` (always 200; revoked and unknown tokens answer
 * `{ "active": false }`, see docs/attio-api-notes.md "Identify a token"). With --workspace the token must
 * also belong to that workspace: a mismatch means the store holds another workspace's token.
 */
export interface IdentityCheckResult {
  check: CheckResult;
  info: IdentityInfo | null;
}

/**
 * Builds the identity line and the identity block of the report.
 *
 * @example
 * identityCheck({ active: false }, {}).check.outcome; // 'token_invalid'
 */
export function identityCheck(
  self: SelfResult,
  options: { expectedWorkspaceId?: string },
): IdentityCheckResult {
  if (!self.active) {
    return {
      info: null,
      check: fail(
        'identity',
        'token_invalid',
        'token is not active: unknown, revoked, or its app was uninstalled',
        {
          errorCode: 'ATTIO_TOKEN_INACTIVE',
          remedy: remedyFor('ATTIO_TOKEN_INACTIVE'),
        },
      ),
    };
  }
  const info: IdentityInfo = {
    workspaceId: self.workspaceId ?? null,
    workspaceName: self.workspaceName ?? null,
    workspaceSlug: self.workspaceSlug ?? null,
    tokenLevel: self.tokenLevel ?? null,
    clientId: self.clientId ?? null,
    issuedAt: self.issuedAt ? self.issuedAt.toISOString() : null,
    authorizedByWorkspaceMemberId: self.authorizedByWorkspaceMemberId ?? null,
  };
  const details = [
    `workspace id: ${info.workspaceId ?? '(not reported)'}`,
    `token level: ${info.tokenLevel ?? '(not reported; older API revision)'}`,
  ];
  if (info.clientId) details.push(`client id: ${info.clientId}`);
  if (info.issuedAt) details.push(`issued at: ${info.issuedAt}`);
  if (info.authorizedByWorkspaceMemberId)
    details.push(`authorized by member: ${info.authorizedByWorkspaceMemberId}`);
  const name = info.workspaceName ? `"${info.workspaceName}"` : '(unnamed workspace)';
  const slug = info.workspaceSlug ? ` (${info.workspaceSlug})` : '';
  const level = info.tokenLevel ? `${info.tokenLevel}-level ` : '';
  const expected = options.expectedWorkspaceId;
  if (expected !== undefined && info.workspaceId !== expected) {
    return {
      info,
      check: fail(
        'identity',
        'token_invalid',
        `token belongs to workspace ${info.workspaceId ?? '(unknown)'}, not ${expected}`,
        {
          details,
          errorCode: 'WORKSPACE_MISMATCH',
          remedy: {
            cause:
              'The connection store holds a token of another workspace under this workspace id.',
            action: 'Delete the connection and have the workspace install the app again.',
          },
        },
      ),
    };
  }
  return {
    info,
    check: pass('identity', `active ${level}token for workspace ${name}${slug}`, details),
  };
}
