import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode } from '../error-codes.js';

/**
 * HTTP 401: the token was not accepted (missing, mistyped, revoked, or the app was uninstalled).
 *
 * @example
 * ```ts
 * if (e instanceof AttioAuthenticationError) markConnectionRevoked(workspaceId);
 * ```
 */
export class AttioAuthenticationError extends AttioError {
  static {
    this.prototype.name = 'AttioAuthenticationError';
  }

  constructor(init: AttioErrorInit) {
    super(ErrorCode.AUTHENTICATION, init);
  }
}
