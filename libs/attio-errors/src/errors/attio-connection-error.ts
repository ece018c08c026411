import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode, type ConnectionFailureReason } from '../error-codes.js';

/**
 * The request never got an HTTP answer: DNS failure, refused or reset connection, TLS failure.
 * Safe to retry for any method only when `reason` is `dns` or `refused` (nothing reached Attio); the client
 * retries it for idempotent methods.
 *
 * @example
 * ```ts
 * if (e instanceof AttioConnectionError && e.reason === 'dns') console.error('Check the base URL host');
 * ```
 */
export class AttioConnectionError extends AttioError {
  static {
    this.prototype.name = 'AttioConnectionError';
  }

  readonly reason: ConnectionFailureReason;

  constructor(init: AttioErrorInit & { reason?: ConnectionFailureReason }) {
    super(ErrorCode.CONNECTION, init);
    this.reason = init.reason ?? 'unknown';
  }
}
