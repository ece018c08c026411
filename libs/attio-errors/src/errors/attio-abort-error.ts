import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode } from '../error-codes.js';

/**
 * The caller aborted the request through its `AbortSignal`.
 *
 * @example
 * ```ts
 * if (e instanceof AttioAbortError) return; // cancelled on purpose
 * ```
 */
export class AttioAbortError extends AttioError {
  static {
    this.prototype.name = 'AttioAbortError';
  }

  constructor(init: AttioErrorInit) {
    super(ErrorCode.ABORTED, init);
  }
}
