import { missingScopes } from '@attio-auth/attio-core';
import { remedyFor } from '@attio-auth/attio-errors';
import { fail, pass, warn, type CheckResult, type Remedy } from './check-result.js';
import type { Requirements } from './required-scopes.js';
import type { ScopesInfo } from '../output/report.js';
import { wrapList } from '../output/wrap-list.js';

/**
 * The scopes check: what the token was granted (from `/v2/self`) against what was required. A token
 * with no scopes at all is a warning even without requirements: it can call nothing but /v2/self.
 */
export interface ScopesCheckResult {
  check: CheckResult;
  info: ScopesInfo;
}

/**
 * How to add scopes depends on the token kind: an access token's scopes are edited in place, an OAuth token
 * gets the app's scopes (docs/attio-api-notes.md, "Tokens").
 */
function scopeRemedy(tokenLevel: string | undefined, oauth: boolean): Remedy {
  const base = remedyFor('ATTIO_INSUFFICIENT_SCOPES');
  const app =
    "OAuth token: add the scopes to the app in Attio's developer dashboard, then have the workspace re-install it.";
  const action = oauth
    ? app
    : `Access token: in Attio, Settings > Developers > Access tokens, edit the token and add the scopes. ${app}`;
  return {
    cause: base.cause,
    action:
      tokenLevel === 'user'
        ? `${action} (user-level token: the member's own access applies too)`
        : action,
  };
}

/**
 * Compares granted and required scopes.
 *
 * @example
 * scopesCheck({ granted: ['note:read'], requirements: { required: ['note:read'], requiredBy: {} }, oauth: false }).check.status;
 * // 'pass'
 */
export function scopesCheck(input: {
  granted: readonly string[];
  requirements: Requirements;
  tokenLevel?: string;
  /** True for a stored OAuth connection (--workspace): only the app-side remedy applies. */
  oauth: boolean;
}): ScopesCheckResult {
  const granted = [...input.granted].sort();
  const { required, requiredBy } = input.requirements;
  const missing = missingScopes(granted, required);
  const info: ScopesInfo = { granted, required, missing, requiredBy };
  const grantedLines = wrapList('granted: ', granted);
  if (missing.length > 0) {
    const details = [...grantedLines];
    for (const [operation, scopes] of Object.entries(requiredBy)) {
      const lacking = missingScopes(granted, scopes);
      if (lacking.length > 0) details.push(`${operation} needs ${lacking.join(', ')}`);
    }
    return {
      info,
      check: fail(
        'scopes',
        'scopes_missing',
        `missing ${missing.length} of ${required.length} required: ${missing.join(', ')}`,
        {
          details,
          errorCode: 'ATTIO_INSUFFICIENT_SCOPES',
          remedy: scopeRemedy(input.tokenLevel, input.oauth),
        },
      ),
    };
  }
  if (granted.length === 0) {
    return {
      info,
      check: warn('scopes', 'no scopes granted: this token can call nothing but /v2/self', {
        remedy: scopeRemedy(input.tokenLevel, input.oauth),
      }),
    };
  }
  const summary =
    required.length > 0
      ? `${required.length === 1 ? 'the required scope is' : `all ${required.length} required are`} present (${granted.length} granted)`
      : `${granted.length} granted`;
  return { info, check: pass('scopes', summary, grantedLines) };
}
