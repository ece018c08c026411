import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { oauthErrorCode } from '../error-codes.js';
import { redact } from '../redact.js';

/**
 * An OAuth 2.0 failure: a token-endpoint error body (RFC 6749 §5.2) or an error on the redirect back to the
 * app (§4.1.2.1, e.g. `access_denied`). `code` is derived from `oauthError`.
 *
 * @example
 * ```ts
 * if (e instanceof AttioOAuthError && e.oauthError === 'invalid_grant') restartInstall();
 * ```
 */
export class AttioOAuthError extends AttioError {
  static {
    this.prototype.name = 'AttioOAuthError';
  }

  /** The RFC 6749 `error` value, e.g. `invalid_grant`. */
  readonly oauthError: string;
  /** The RFC 6749 `error_description`, redacted. */
  readonly oauthErrorDescription?: string;

  constructor(
    init: AttioErrorInit & {
      oauthError: string;
      oauthErrorDescription?: string;
    },
  ) {
    super(oauthErrorCode(init.oauthError), init);
    this.oauthError = redact(init.oauthError, init.secrets);
    if (init.oauthErrorDescription !== undefined) {
      this.oauthErrorDescription = redact(init.oauthErrorDescription, init.secrets);
    }
  }
}
