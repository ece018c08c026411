import { AttioError, type AttioErrorInit } from '../attio-error.js';
import { ErrorCode } from '../error-codes.js';

/**
 * `GET /v2/self` answered `{ "active": false }`: unknown, revoked or uninstalled token (a 200, not an error status).
 *
 * @example
 * ```ts
 * if ((await client.self()).active === false) throw new AttioTokenInactiveError({ message: 'Token is not active' });
 * ```
 */
export class AttioTokenInactiveError extends AttioError {
  static {
    this.prototype.name = 'AttioTokenInactiveError';
  }

  constructor(init: AttioErrorInit) {
    super(ErrorCode.TOKEN_INACTIVE, init);
  }
}
