import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode } from '../error-codes.js';

/**
 * HTTP 413: the request body is too large for Attio.
 *
 * @example
 * ```ts
 * if (e instanceof AttioPayloadTooLargeError) splitBatch();
 * ```
 */
export class AttioPayloadTooLargeError extends AttioError {
  static {
    this.prototype.name = 'AttioPayloadTooLargeError';
  }

  constructor(init: AttioErrorInit) {
    super(ErrorCode.PAYLOAD_TOO_LARGE, init);
  }
}
