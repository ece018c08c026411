import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode } from '../error-codes.js';

/**
 * HTTP 400: Attio rejected the request (`invalid_request_error`; see `validationErrors`).
 *
 * @example
 * ```ts
 * if (e instanceof AttioBadRequestError) console.table(e.validationErrors);
 * ```
 */
export class AttioBadRequestError extends AttioError {
  static {
    this.prototype.name = 'AttioBadRequestError';
  }

  constructor(init: AttioErrorInit) {
    super(ErrorCode.BAD_REQUEST, init);
  }
}
