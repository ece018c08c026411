import { AttioError, ErrorCode, redact, type AttioErrorInit } from '@attio-auth/attio-errors';

/**
 * The two codes a {@link AttioRevokeError} carries.
 *
 * @example
 * ```ts
 * const code: RevokeErrorCode = 'ATTIO_OAUTH_REVOKE_RATE_LIMITED';
 * ```
 */
export type RevokeErrorCode =
  | typeof ErrorCode.OAUTH_REVOKE_FAILED
  | typeof ErrorCode.OAUTH_REVOKE_RATE_LIMITED;

/**
 * Attio answered `POST /oauth/revoke` without confirming the revocation, so the token may still be active:
 * `ATTIO_OAUTH_REVOKE_RATE_LIMITED` (a 429 with no retry left, or a `Retry-After` longer than the caller
 * would wait; `retryAfterMs` says when to try again) or `ATTIO_OAUTH_REVOKE_FAILED` (any other non-2xx
 * answer but the "already gone" 400). Network failures keep attio-errors' own classes
 * (`AttioConnectionError`, `AttioTimeoutError`, `AttioAbortError`). Never contains the token.
 *
 * @example
 * ```ts
 * try { await revokeToken({ token, revokeUrl }); }
 * catch (e) { if (e instanceof AttioRevokeError && e.code === 'ATTIO_OAUTH_REVOKE_RATE_LIMITED') later(e.retryAfterMs); }
 * ```
 */
export class AttioRevokeError extends AttioError {
  static {
    this.prototype.name = 'AttioRevokeError';
  }

  /** The RFC 6749 `error` value of the answer (attio-errors' reading of the body), e.g. `invalid_request`. */
  readonly oauthError?: string;
  /** The answer's `error_description`, redacted. */
  readonly oauthErrorDescription?: string;

  constructor(
    code: RevokeErrorCode,
    init: AttioErrorInit & { oauthError?: string; oauthErrorDescription?: string },
  ) {
    super(code, init);
    if (init.oauthError !== undefined) this.oauthError = redact(init.oauthError, init.secrets);
    if (init.oauthErrorDescription !== undefined)
      this.oauthErrorDescription = redact(init.oauthErrorDescription, init.secrets);
  }
}
