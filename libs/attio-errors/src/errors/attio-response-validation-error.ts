import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode } from '../error-codes.js';

/**
 * A 2xx body failed validation (wrong shape, not JSON), e.g. a proxy login page instead of the API.
 *
 * @example
 * ```ts
 * throw new AttioResponseValidationError({ message: 'GET /v2/self: expected a JSON object', status: 200 });
 * ```
 */
export class AttioResponseValidationError extends AttioError {
  static {
    this.prototype.name = 'AttioResponseValidationError';
  }

  constructor(init: AttioErrorInit) {
    super(ErrorCode.UNEXPECTED_RESPONSE, init);
  }
}
