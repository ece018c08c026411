import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode } from '../error-codes.js';

/**
 * HTTP 429: rate limited; the request was not processed. `retryAfterMs` comes from the `Retry-After` header.
 *
 * @example
 * ```ts
 * if (e instanceof AttioRateLimitError) await sleep(e.retryAfterMs ?? 1000);
 * ```
 */
export class AttioRateLimitError extends AttioError {
  static {
    this.prototype.name = 'AttioRateLimitError';
  }

  constructor(init: AttioErrorInit) {
    super(ErrorCode.RATE_LIMITED, init);
  }
}
