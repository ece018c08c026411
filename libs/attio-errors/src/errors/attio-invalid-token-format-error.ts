import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode } from '../error-codes.js';

/**
 * The token value is malformed before any request is sent (empty, whitespace, quotes, a `Bearer ` prefix).
 *
 * @example
 * ```ts
 * throw new AttioInvalidTokenFormatError({ message: 'The token contains whitespace; pass only the token.' });
 * ```
 */
export class AttioInvalidTokenFormatError extends AttioError {
  static {
    this.prototype.name = 'AttioInvalidTokenFormatError';
  }

  constructor(init: AttioErrorInit) {
    super(ErrorCode.INVALID_TOKEN_FORMAT, init);
  }
}
