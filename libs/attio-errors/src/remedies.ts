/**
 * Likely cause and what to do, per error code. The CLI and the callback pages print these.
 *
 * Started from the original skill document's "Error Handling" table and corrected against Attio's docs
 * (docs/attio-api-notes.md, "Where the original skill document was wrong"):
 * - `invalid_grant` is a 400 per RFC 6749 §5.2 (the skill document says 401): both are accepted.
 * - a revoked token is NOT `404 not_found`: `/v2/self` answers `200 {"active": false}` and other endpoints 401.
 *   A 404 means the addressed object/record/list does not exist.
 * - a missing scope is a 403 whose code Attio does not document (the skill document's
 *   `insufficient_scopes` is a guess); compare the token's `/v2/self` scopes instead. Scopes of an access token are edited in place: no need to
 *   regenerate it. An OAuth token gets the scopes configured on the app; reinstall after changing them.
 * - the error body's `type` is `auth_error` for 401/403 (the skill document says `authorization_error`).
 */
import { ErrorCode } from './error-codes.js';

/**
 * Cause and action for one error code.
 *
 * @example
 * ```ts
 * const { cause, action }: Remedy = remedyFor(err.code);
 * ```
 */
export interface Remedy {
  readonly cause: string;
  readonly action: string;
}

/**
 * The remedies table, one entry per {@link ErrorCode}.
 *
 * @example
 * ```ts
 * console.log(REMEDIES.ATTIO_RATE_LIMITED.action);
 * ```
 */
export const REMEDIES: Readonly<Record<ErrorCode, Remedy>> = Object.freeze({
  [ErrorCode.BAD_REQUEST]: {
    cause:
      'Attio rejected the request as invalid (validation_type, filter_error, missing_value, …), or the Authorization header is malformed.',
    action:
      'Read validationErrors and fix the request; send the header as "Authorization: Bearer" followed by one space and the token.',
  },
  [ErrorCode.AUTHENTICATION]: {
    cause:
      'The token was not accepted: it is missing, mistyped, was revoked in Attio, or the app was uninstalled.',
    action:
      'Check the token is complete; if it was revoked or the app uninstalled, create a new access token or reinstall the app.',
  },
  [ErrorCode.INSUFFICIENT_SCOPES]: {
    cause: 'The token lacks a scope this endpoint requires.',
    action:
      'Compare the token scopes from GET /v2/self with the required ones; add them in Settings > Developers (access token) or on the OAuth app, then reinstall the app.',
  },
  [ErrorCode.FORBIDDEN]: {
    cause:
      'Attio refused the call for a reason other than scopes (billing_error, quota_exceeded, or a permission on the object).',
    action:
      'Check the workspace plan and billing in Attio and the permissions of the token on this object or list.',
  },
  [ErrorCode.NOT_FOUND]: {
    cause:
      'The addressed object, record, list or entry does not exist in this workspace (a revoked token gives 401, not 404).',
    action: 'Check the slug or id and that the token belongs to the intended workspace.',
  },
  [ErrorCode.CONFLICT]: {
    cause:
      'A uniqueness or slug conflict, or a concurrent write to the same record (concurrent_write_conflict).',
    action:
      'For concurrent_write_conflict retry the request; otherwise use a different slug or update the existing record.',
  },
  [ErrorCode.PAYLOAD_TOO_LARGE]: {
    cause: 'The request body exceeds what Attio accepts.',
    action: 'Split the request into smaller batches.',
  },
  [ErrorCode.RATE_LIMITED]: {
    cause:
      'Attio rate limit hit (100 reads/s, 25 writes/s per workspace, or a query complexity limit). The request was not processed.',
    action:
      'Wait until Retry-After and retry; lower concurrency or keep the client-side throttle on.',
  },
  [ErrorCode.SERVER_ERROR]: {
    cause: 'Attio (or a proxy in front of it) failed with a 5xx.',
    action:
      'Retry later with backoff; only idempotent requests are retried automatically. Check status.attio.com if it persists.',
  },
  [ErrorCode.UNEXPECTED_STATUS]: {
    cause: 'Attio answered with an HTTP status this client does not expect.',
    action: 'Check the base URL points at the Attio API, then retry; report it if it persists.',
  },
  [ErrorCode.CONNECTION]: {
    cause:
      'The request did not reach Attio (DNS failure, connection refused or reset, or a TLS problem).',
    action:
      'Check network access, proxy and DNS for the API host and the configured base URL; the call is safe to retry.',
  },
  [ErrorCode.TIMEOUT]: {
    cause: 'Attio did not answer within the timeout.',
    action: 'Retry; raise timeoutMs if large responses are expected.',
  },
  [ErrorCode.ABORTED]: {
    cause: 'The caller cancelled the request (AbortSignal).',
    action: 'Nothing to fix unless the cancellation was unintended.',
  },
  [ErrorCode.TOKEN_INACTIVE]: {
    cause:
      'GET /v2/self reported active: false: the token is unknown, revoked, or its app was uninstalled.',
    action:
      'Create a new access token in Settings > Developers, or ask the workspace to reinstall the app.',
  },
  [ErrorCode.INVALID_TOKEN_FORMAT]: {
    cause:
      'The value given as a token does not look like an Attio token (empty, whitespace, quotes or a "Bearer" prefix).',
    action: 'Pass only the token itself, without quotes, spaces or the word Bearer.',
  },
  [ErrorCode.UNEXPECTED_RESPONSE]: {
    cause: 'Attio answered 2xx but the body did not have the expected shape.',
    action:
      'Check the base URL points at the Attio API (not a proxy or login page); report it if it persists.',
  },
  [ErrorCode.OAUTH_INVALID_GRANT]: {
    cause:
      'The authorization code is invalid, expired, already used, or the redirect URI does not match (RFC 6749 §5.2; Attio may send 400 or 401).',
    action:
      'Start the install again; codes are single-use, so never retry an exchange that reached Attio.',
  },
  [ErrorCode.OAUTH_INVALID_CLIENT]: {
    cause: 'Client authentication failed: wrong client_id or client_secret.',
    action:
      "Copy the client ID and secret again from the app settings in Attio's developer dashboard.",
  },
  [ErrorCode.OAUTH_INVALID_REQUEST]: {
    cause: 'The token request is missing or repeats a parameter, or is not form-urlencoded.',
    action:
      'Send client_id, client_secret, grant_type=authorization_code and code as application/x-www-form-urlencoded.',
  },
  [ErrorCode.OAUTH_ACCESS_DENIED]: {
    cause: "The user declined the install on Attio's consent screen.",
    action: 'Nothing is wrong with the app; the user can start the install again.',
  },
  [ErrorCode.OAUTH_UNAUTHORIZED_CLIENT]: {
    cause:
      'The app may not use this grant, or an unpublished app is being installed outside its own workspace.',
    action:
      "Install from the workspace that owns the app, or publish the app in Attio's developer dashboard.",
  },
  [ErrorCode.OAUTH_UNSUPPORTED_GRANT_TYPE]: {
    cause: 'Attio supports only the authorization_code grant (there are no refresh tokens).',
    action: 'Send grant_type=authorization_code.',
  },
  [ErrorCode.OAUTH_INVALID_SCOPE]: {
    cause:
      'The requested scope is not valid; Attio ignores a scope parameter and uses the scopes configured on the app.',
    action:
      "Remove the scope parameter and configure scopes on the app in Attio's developer dashboard.",
  },
  [ErrorCode.OAUTH_SERVER_ERROR]: {
    cause: "Attio's authorization server failed.",
    action: 'Ask the user to try the install again in a few minutes.',
  },
  [ErrorCode.OAUTH_TEMPORARILY_UNAVAILABLE]: {
    cause: "Attio's authorization server is temporarily unavailable.",
    action: 'Ask the user to try the install again in a few minutes.',
  },
  [ErrorCode.OAUTH_ERROR]: {
    cause: 'The OAuth exchange failed with an error this client does not know.',
    action: 'Read oauthError and oauthErrorDescription, then start the install again.',
  },
  [ErrorCode.OAUTH_REVOKE_FAILED]: {
    cause:
      'Attio did not confirm the revocation (a 5xx, an unexpected 4xx, or a redirect): the token may still be active.',
    action:
      'Keep the token stored and revoke it again later; GET /v2/self answers {"active": false} once it is gone.',
  },
  [ErrorCode.OAUTH_REVOKE_RATE_LIMITED]: {
    cause:
      'Attio limits POST /oauth/revoke to 50 requests per minute per IP address, separately from the REST limits; the token was not revoked.',
    action:
      'Wait retryAfterMs and revoke again; for bulk deletes pace the revokes (createRevokePacer in attio-oauth).',
  },
});

/**
 * The remedy for a code; unknown codes (e.g. from a newer package copy) get the unexpected-status remedy.
 *
 * @example
 * ```ts
 * remedyFor('ATTIO_TIMEOUT').action; // → 'Retry; raise timeoutMs if large responses are expected.'
 * ```
 */
export function remedyFor(code: ErrorCode | string): Remedy {
  return (REMEDIES as Record<string, Remedy>)[code] ?? REMEDIES[ErrorCode.UNEXPECTED_STATUS];
}
