import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode } from '../error-codes.js';

/**
 * No response within the client's timeout (`AbortSignal.timeout`).
 *
 * @example
 * ```ts
 * if (e instanceof AttioTimeoutError) console.warn('Attio is slow:', e.message);
 * ```
 */
export class AttioTimeoutError extends AttioError {
  static {
    this.prototype.name = 'AttioTimeoutError';
  }

  constructor(init: AttioErrorInit) {
    super(ErrorCode.TIMEOUT, init);
  }
}
