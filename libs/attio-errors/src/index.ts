/**
 * The public API of @attio-auth/attio-errors, listed name by name: everything here is a promise to users.
 * Withheld on purpose: the helpers behind the factories (`parseErrorBody`, `textSnippet`, `getHeader`,
 * `oauthErrorCode`, `ParsedErrorBody`), which may change with the way Attio's bodies are read.
 */
export { ErrorCode, type ConnectionFailureReason } from './error-codes.js';
export { REDACTED, redact, redactHeaders, type HeadersLike } from './redact.js';
export { MASKED_USERINFO, maskUrlCredentials } from './url-credentials.js';
export { escapeSlackText } from './slack-text.js';
export { terminalSafe, toTerminalSafeJson } from './terminal-safe.js';
export { REMEDIES, remedyFor, type Remedy } from './remedies.js';
export { parseRetryAfter } from './retry-after.js';
export { AttioError, type AttioErrorInit, type AttioValidationError } from './attio-error.js';
export { AttioBadRequestError } from './errors/attio-bad-request-error.js';
export { AttioAuthenticationError } from './errors/attio-authentication-error.js';
export { AttioPermissionError, type PermissionErrorCode } from './errors/attio-permission-error.js';
export { AttioNotFoundError } from './errors/attio-not-found-error.js';
export { AttioConflictError } from './errors/attio-conflict-error.js';
export { AttioPayloadTooLargeError } from './errors/attio-payload-too-large-error.js';
export { AttioRateLimitError } from './errors/attio-rate-limit-error.js';
export { AttioServerError } from './errors/attio-server-error.js';
export { AttioConnectionError } from './errors/attio-connection-error.js';
export { AttioTimeoutError } from './errors/attio-timeout-error.js';
export { AttioAbortError } from './errors/attio-abort-error.js';
export { AttioTokenInactiveError } from './errors/attio-token-inactive-error.js';
export { AttioInvalidTokenFormatError } from './errors/attio-invalid-token-format-error.js';
export { AttioResponseValidationError } from './errors/attio-response-validation-error.js';
export { AttioOAuthError } from './errors/attio-oauth-error.js';
export { fromResponse, type ResponseErrorContext } from './from-response.js';
export { oauthErrorFromRedirect, oauthErrorFromResponse } from './oauth-errors.js';
export { connectionErrorFrom, type ConnectionErrorContext } from './connection-error-from.js';
export {
  isAbortError,
  isAttioError,
  isAuthenticationError,
  isConnectionError,
  isOAuthError,
  isPermissionError,
  isRateLimitError,
  isServerError,
  isTimeoutError,
  isTransientError,
} from './guards.js';
