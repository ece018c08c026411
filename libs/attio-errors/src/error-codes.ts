/**
 * Stable error codes. Callers branch on these strings (they are part of the public contract and appear in
 * logs, CLI output and the connection store), so values never change once released.
 */

/**
 * Every code an {@link AttioError} can carry. HTTP codes follow Attio's status classes
 * (https://docs.attio.com/rest-api/guides/errors); OAuth codes follow RFC 6749 §5.2 / §4.1.2.1.
 *
 * @example
 * ```ts
 * if (err.code === ErrorCode.RATE_LIMITED) await sleep(err.retryAfterMs ?? 1000);
 * ```
 */
export const ErrorCode = {
  BAD_REQUEST: 'ATTIO_BAD_REQUEST',
  AUTHENTICATION: 'ATTIO_AUTHENTICATION',
  INSUFFICIENT_SCOPES: 'ATTIO_INSUFFICIENT_SCOPES',
  FORBIDDEN: 'ATTIO_FORBIDDEN',
  NOT_FOUND: 'ATTIO_NOT_FOUND',
  CONFLICT: 'ATTIO_CONFLICT',
  PAYLOAD_TOO_LARGE: 'ATTIO_PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'ATTIO_RATE_LIMITED',
  SERVER_ERROR: 'ATTIO_SERVER_ERROR',
  UNEXPECTED_STATUS: 'ATTIO_UNEXPECTED_STATUS',
  CONNECTION: 'ATTIO_CONNECTION',
  TIMEOUT: 'ATTIO_TIMEOUT',
  ABORTED: 'ATTIO_ABORTED',
  TOKEN_INACTIVE: 'ATTIO_TOKEN_INACTIVE',
  INVALID_TOKEN_FORMAT: 'ATTIO_INVALID_TOKEN_FORMAT',
  UNEXPECTED_RESPONSE: 'ATTIO_UNEXPECTED_RESPONSE',
  OAUTH_INVALID_GRANT: 'ATTIO_OAUTH_INVALID_GRANT',
  OAUTH_INVALID_CLIENT: 'ATTIO_OAUTH_INVALID_CLIENT',
  OAUTH_INVALID_REQUEST: 'ATTIO_OAUTH_INVALID_REQUEST',
  OAUTH_ACCESS_DENIED: 'ATTIO_OAUTH_ACCESS_DENIED',
  OAUTH_UNAUTHORIZED_CLIENT: 'ATTIO_OAUTH_UNAUTHORIZED_CLIENT',
  OAUTH_UNSUPPORTED_GRANT_TYPE: 'ATTIO_OAUTH_UNSUPPORTED_GRANT_TYPE',
  OAUTH_INVALID_SCOPE: 'ATTIO_OAUTH_INVALID_SCOPE',
  OAUTH_SERVER_ERROR: 'ATTIO_OAUTH_SERVER_ERROR',
  OAUTH_TEMPORARILY_UNAVAILABLE: 'ATTIO_OAUTH_TEMPORARILY_UNAVAILABLE',
  OAUTH_ERROR: 'ATTIO_OAUTH_ERROR',
  /** `POST /oauth/revoke` failed: the token may still be active. */
  OAUTH_REVOKE_FAILED: 'ATTIO_OAUTH_REVOKE_FAILED',
  /** `POST /oauth/revoke` answered 429 (its own limit: 50 per minute per IP) and no retry was left. */
  OAUTH_REVOKE_RATE_LIMITED: 'ATTIO_OAUTH_REVOKE_RATE_LIMITED',
} as const;

/**
 * The union of all {@link ErrorCode} values.
 *
 * @example
 * ```ts
 * const code: ErrorCode = 'ATTIO_TIMEOUT';
 * ```
 */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Reason of a network failure, from the socket/DNS/TLS error code.
 *
 * @example
 * ```ts
 * if (err.reason === ('dns' satisfies ConnectionFailureReason)) console.error('check the host name');
 * ```
 */
export type ConnectionFailureReason = 'dns' | 'refused' | 'reset' | 'tls' | 'unknown';

/**
 * Maps an RFC 6749 `error` value to its code; unknown values give `ATTIO_OAUTH_ERROR`.
 *
 * @example
 * ```ts
 * oauthErrorCode('invalid_grant'); // → 'ATTIO_OAUTH_INVALID_GRANT'
 * oauthErrorCode('something_new'); // → 'ATTIO_OAUTH_ERROR'
 * ```
 */
export function oauthErrorCode(error: string): ErrorCode {
  switch (error) {
    case 'invalid_grant':
      return ErrorCode.OAUTH_INVALID_GRANT;
    case 'invalid_client':
      return ErrorCode.OAUTH_INVALID_CLIENT;
    case 'invalid_request':
      return ErrorCode.OAUTH_INVALID_REQUEST;
    case 'access_denied':
      return ErrorCode.OAUTH_ACCESS_DENIED;
    case 'unauthorized_client':
      return ErrorCode.OAUTH_UNAUTHORIZED_CLIENT;
    case 'unsupported_grant_type':
      return ErrorCode.OAUTH_UNSUPPORTED_GRANT_TYPE;
    case 'invalid_scope':
      return ErrorCode.OAUTH_INVALID_SCOPE;
    case 'server_error':
      return ErrorCode.OAUTH_SERVER_ERROR;
    case 'temporarily_unavailable':
      return ErrorCode.OAUTH_TEMPORARILY_UNAVAILABLE;
    default:
      return ErrorCode.OAUTH_ERROR;
  }
}
