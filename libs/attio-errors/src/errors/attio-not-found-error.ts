import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode } from '../error-codes.js';

/**
 * HTTP 404: the addressed object, record, list or entry does not exist. A revoked token gives 401, not 404.
 *
 * @example
 * ```ts
 * if (e instanceof AttioNotFoundError) return undefined;
 * ```
 */
export class AttioNotFoundError extends AttioError {
  static {
    this.prototype.name = 'AttioNotFoundError';
  }

  constructor(init: AttioErrorInit) {
    super(ErrorCode.NOT_FOUND, init);
  }
}
