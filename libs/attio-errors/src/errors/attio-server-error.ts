import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode } from '../error-codes.js';

/**
 * HTTP 5xx from Attio or a proxy in front of it (the body may be an HTML page).
 *
 * @example
 * ```ts
 * if (e instanceof AttioServerError) console.warn(e.status, e.message);
 * ```
 */
export class AttioServerError extends AttioError {
  static {
    this.prototype.name = 'AttioServerError';
  }

  constructor(init: AttioErrorInit) {
    super(ErrorCode.SERVER_ERROR, init);
  }
}
