import { revokeToken } from '@attio-auth/attio-oauth';
import { isAttioError } from '@attio-auth/attio-errors';
import type { RevokeOutcome } from '@attio-auth/connection-store';
import type { LifecycleDeps } from './lifecycle-deps.js';

/**
 * One revoke attempt's outcome: `revoked`, `already_gone` (Attio did not know the token: same end state)
 * or `failed` with `error`, an error code (never a message that could echo the token).
 *
 * @example
 * ```ts
 * const attempt: RevokeAttempt = { outcome: 'failed', error: 'ATTIO_OAUTH_REVOKE_FAILED' };
 * ```
 */
export interface RevokeAttempt {
  outcome: RevokeOutcome;
  error?: string;
}

/**
 * The error code recorded for a failed revoke: an Attio error's `code`, else the error's class name.
 * Codes only, so nothing Attio echoed (or a token in a message) reaches the store or a log.
 *
 * @example
 * ```ts
 * revokeErrorCode(new TypeError('bad')); // → 'TypeError'
 * ```
 */
export function revokeErrorCode(error: unknown): string {
  if (isAttioError(error)) return error.code;
  if (error instanceof Error) return error.name || 'Error';
  return 'UNKNOWN_ERROR';
}

/**
 * Revokes `token` at Attio once (through the pacer when there is one) and says what came of it; never
 * throws. A failed attempt leaves the token possibly active: the caller queues it for a later pass.
 *
 * @example
 * ```ts
 * const { outcome } = await attemptRevoke(deps, token);
 * ```
 */
export async function attemptRevoke(deps: LifecycleDeps, token: string): Promise<RevokeAttempt> {
  try {
    const result = await revokeToken({
      token,
      revokeUrl: deps.revokeUrl,
      ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
      ...(deps.pacer === undefined ? {} : { pacer: deps.pacer }),
      ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
      ...(deps.maxWaitMs === undefined ? {} : { maxWaitMs: deps.maxWaitMs }),
    });
    return { outcome: result.alreadyGone ? 'already_gone' : 'revoked' };
  } catch (error) {
    return { outcome: 'failed', error: revokeErrorCode(error) };
  }
}
