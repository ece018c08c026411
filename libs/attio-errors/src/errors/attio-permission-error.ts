import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode } from '../error-codes.js';

/**
 * The two codes a 403 can carry.
 *
 * @example
 * ```ts
 * const code: PermissionErrorCode = 'ATTIO_INSUFFICIENT_SCOPES';
 * ```
 */
export type PermissionErrorCode = typeof ErrorCode.INSUFFICIENT_SCOPES | typeof ErrorCode.FORBIDDEN;

/**
 * HTTP 403. `code` is `ATTIO_INSUFFICIENT_SCOPES` when Attio's code or message mentions a scope (Attio does
 * not document the exact code), otherwise `ATTIO_FORBIDDEN` (e.g. `billing_error`, `quota_exceeded`).
 *
 * @example
 * ```ts
 * if (e instanceof AttioPermissionError && e.code === 'ATTIO_INSUFFICIENT_SCOPES') showMissingScopes();
 * ```
 */
export class AttioPermissionError extends AttioError {
  static {
    this.prototype.name = 'AttioPermissionError';
  }

  constructor(init: AttioErrorInit & { code?: PermissionErrorCode }) {
    super(init.code ?? ErrorCode.FORBIDDEN, init);
  }
}
