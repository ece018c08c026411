import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode } from '../error-codes.js';

/**
 * HTTP 409: slug/uniqueness conflict or `concurrent_write_conflict` (the latter is safe to retry).
 *
 * @example
 * ```ts
 * if (e instanceof AttioConflictError && e.attioCode === 'concurrent_write_conflict') retry();
 * ```
 */
export class AttioConflictError extends AttioError {
  static {
    this.prototype.name = 'AttioConflictError';
  }

  constructor(init: AttioErrorInit) {
    super(ErrorCode.CONFLICT, init);
  }
}
