import { missingScopes, type SelfResult } from '@attio-auth/attio-core';
import { isAttioError, isAuthenticationError, isTransientError } from '@attio-auth/attio-errors';

/** A check's verdict. `unknown` (never checked) exists only in the store, never as a verdict. */
export type CheckStatus =
  | 'healthy'
  | 'revoked'
  | 'under_scoped'
  | 'workspace_mismatch'
  | 'failed_to_check';

/** Every verdict, in the order summaries list them. */
export const CHECK_STATUSES: readonly CheckStatus[] = [
  'healthy',
  'revoked',
  'under_scoped',
  'workspace_mismatch',
  'failed_to_check',
];

/** What one `/v2/self` call produced: its parsed result, or the error the client threw. */
export type CheckOutcome =
  | { readonly ok: true; readonly self: SelfResult }
  | { readonly ok: false; readonly error: unknown };

export interface ClassifyInput {
  readonly outcome: CheckOutcome;
  /** Scopes the token must hold; `read-write` covers `read` (attio-core `missingScopes`). */
  readonly requiredScopes: readonly string[];
  /** The workspace the store says this token belongs to; absent for `--tokens-file` entries. */
  readonly expectedWorkspaceId?: string;
}

export interface Classification {
  readonly status: CheckStatus;
  /** Required scopes the token lacks (only for `under_scoped`, else empty). */
  readonly missingScopes: readonly string[];
  /** Stable error code (attio-errors `ErrorCode`) when the call failed, else null. */
  readonly errorCode: string | null;
  /** One human sentence for output and alerts; never contains the token. */
  readonly detail: string;
  /** The workspace `/v2/self` reported, when active. */
  readonly observedWorkspaceId?: string;
}

/**
 * Classifies one `/v2/self` outcome. Pure. Transient failures (network, timeout, 5xx, 429, 408 —
 * attio-errors `isTransientError`) are tested FIRST, so a flaky network is never reported as revoked.
 * Revoked needs positive evidence: `{ active: false }` (Attio's documented answer for revoked tokens,
 * RFC 7662 §2.2), a 401, or an Attio-shaped 404 (the seed's description of revoked tokens).
 *
 * @example
 * classify({ outcome: { ok: true, self: { active: false } }, requiredScopes: [] }).status; // 'revoked'
 */
export function classify(input: ClassifyInput): Classification {
  const { outcome } = input;
  if (!outcome.ok) return classifyError(outcome.error);

  const self = outcome.self;
  if (!self.active) {
    return verdict(
      'revoked',
      null,
      'Attio says the token is no longer active (revoked, or the app was uninstalled).',
    );
  }
  const observed = self.workspaceId;
  if (
    input.expectedWorkspaceId !== undefined &&
    observed !== undefined &&
    observed !== input.expectedWorkspaceId
  ) {
    return {
      ...verdict(
        'workspace_mismatch',
        null,
        `The token now identifies workspace ${observed}, not the stored workspace ${input.expectedWorkspaceId}.`,
      ),
      observedWorkspaceId: observed,
    };
  }
  const missing = missingScopes(self.scopes, [...input.requiredScopes]);
  if (missing.length > 0) {
    return {
      ...verdict(
        'under_scoped',
        null,
        `The token lacks required scope${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}.`,
      ),
      missingScopes: missing,
      observedWorkspaceId: observed,
    };
  }
  return {
    ...verdict('healthy', null, 'The token is active and holds every required scope.'),
    observedWorkspaceId: observed,
  };
}

function classifyError(error: unknown): Classification {
  if (!isAttioError(error)) {
    return verdict(
      'failed_to_check',
      'UNEXPECTED_ERROR',
      'The check failed with an unexpected error; see the logs.',
    );
  }
  // Read the fields first: the subclass guards below narrow `error` (structurally identical classes).
  const { code, attioType } = error;
  const unknownVerdict = `Could not reach a verdict: ${error.remedy.cause}`;
  if (isTransientError(error)) return verdict('failed_to_check', code, unknownVerdict);
  if (isAuthenticationError(error) || code === 'ATTIO_TOKEN_INACTIVE') {
    return verdict(
      'revoked',
      code,
      'Attio rejected the token (401): it was revoked or the app was uninstalled.',
    );
  }
  if (code === 'ATTIO_NOT_FOUND' && attioType !== undefined) {
    return verdict(
      'revoked',
      code,
      'Attio answered 404 not_found for the token: treat it as revoked.',
    );
  }
  if (code === 'ATTIO_INVALID_TOKEN_FORMAT') {
    return verdict('revoked', code, 'The stored token is malformed and can never authenticate.');
  }
  // 400/403/unexpected bodies/aborts: no evidence the token is dead, so no "revoked" alarm.
  return verdict('failed_to_check', code, unknownVerdict);
}

function verdict(status: CheckStatus, errorCode: string | null, detail: string): Classification {
  return { status, missingScopes: [], errorCode, detail };
}

/** The transient reasons an incident groups failures by (Attio down, not one token's problem). */
export type TransientReason = 'unreachable' | 'timeout' | 'http_5xx' | 'rate_limited';

const TRANSIENT_REASONS: Readonly<Record<string, TransientReason>> = {
  ATTIO_CONNECTION: 'unreachable',
  ATTIO_TIMEOUT: 'timeout',
  ATTIO_SERVER_ERROR: 'http_5xx',
  ATTIO_RATE_LIMITED: 'rate_limited',
};

/**
 * The transient reason of a `failed_to_check` verdict (connection refused or reset, timeout, 5xx,
 * 429), or undefined for anything else: a healthy or broken token, an unreadable stored token, an
 * unexpected answer — those say nothing about Attio being down. Pure.
 *
 * @example
 * transientReason({ status: 'failed_to_check', errorCode: 'ATTIO_SERVER_ERROR' }); // 'http_5xx'
 */
export function transientReason(
  verdict: Pick<Classification, 'status' | 'errorCode'>,
): TransientReason | undefined {
  if (verdict.status !== 'failed_to_check' || verdict.errorCode === null) return undefined;
  return TRANSIENT_REASONS[verdict.errorCode];
}
