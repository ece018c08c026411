import type { Response } from 'express';

import { requestIdOf } from '../http/request-id.js';

/**
 * Every way an admin API call can fail. The admin API is for scripts, so each failure is JSON
 * (`{ "error": { "code", "message", "requestId" } }`) whatever the `Accept` header, never the HTML
 * install page. Codes are stable: operators' scripts key on them.
 */
export const ADMIN_ERRORS = {
  ADMIN_UNAUTHORIZED: {
    status: 401,
    message:
      'The admin API needs "Authorization: Bearer <ADMIN_TOKEN>"; none or a wrong one was sent.',
  },
  ADMIN_DISABLED: {
    status: 503,
    message:
      'ADMIN_TOKEN is not configured, so the admin API is off; set it to a random token (`openssl rand -base64 32`) and restart.',
  },
  ADMIN_NOT_FOUND: {
    status: 404,
    message:
      'No admin endpoint at this path; there are GET /admin/connections, GET|DELETE /admin/connections/:workspaceId, GET /admin/connections/:workspaceId/history, POST /admin/connections/:workspaceId/restore, POST /admin/install-sessions, GET /admin/events, GET /admin/events/:id and POST /admin/events/:id/replay.',
  },
  ADMIN_METHOD_NOT_ALLOWED: {
    status: 405,
    message:
      'This admin endpoint does not take this method; the Allow header lists the ones it takes.',
  },
  ADMIN_PATH_INVALID: {
    status: 400,
    message:
      'The path has malformed percent-encoding (a "%" not followed by two hex digits of valid UTF-8); encode the workspace id with encodeURIComponent.',
  },
  ADMIN_QUERY_INVALID: {
    status: 400,
    message:
      'limit must be an integer from 1 to 500, after a workspace id, status a health status (unknown, healthy, revoked, under_scoped, workspace_mismatch, failed_to_check), deleted exclude, only or include, and owner.<key>=<value> an owner tag (key a-z0-9_ starting with a letter, value 1-128 characters, at most 10); each once, no other parameters.',
  },
  ADMIN_HISTORY_QUERY_INVALID: {
    status: 400,
    message:
      'GET /admin/connections/:workspaceId/history takes limit (1 to 500, default 50) and before (the nextBefore of the previous page); each once, no other parameters.',
  },
  ADMIN_DELETE_QUERY_INVALID: {
    status: 400,
    message:
      'DELETE takes purge=true|false (default false: keep the row for DELETED_RETENTION_DAYS) and revoke=true|false (default true: revoke the token at Attio first); each once, no other parameters.',
  },
  ADMIN_BODY_NOT_ACCEPTED: {
    status: 400,
    message:
      'This admin call reads no request body; send the workspace id in the path and options in the query string (only POST /admin/install-sessions takes a JSON body).',
  },
  ADMIN_PAYLOAD_TOO_LARGE: {
    status: 413,
    message: 'The request body is larger than this service accepts (and the admin API reads none).',
  },
  ADMIN_URI_TOO_LONG: {
    status: 414,
    message: 'The request path and query are longer than this service accepts.',
  },
  ADMIN_CONNECTION_NOT_FOUND: {
    status: 404,
    message: 'No connection for this workspace id.',
  },
  ADMIN_BODY_INVALID: {
    status: 400,
    message:
      'POST /admin/install-sessions takes a JSON object (Content-Type: application/json) with owner { displayName?, tags? }, returnTo?, expiresInSeconds? (60 to 604800) and reconnect? (a workspace id); nothing else.',
  },
  ADMIN_OWNER_INVALID: {
    status: 400,
    message: 'The owner is invalid.',
  },
  ADMIN_RETURN_TO_NOT_ALLOWED: {
    status: 400,
    message:
      'returnTo must be an absolute http(s) URL matching an entry of INSTALL_RETURN_TO_ALLOWLIST; add its origin there first, or leave returnTo out.',
  },
  ADMIN_CONNECTION_NOT_DELETED: {
    status: 409,
    message:
      'This connection is not deleted, so there is nothing to restore; only a soft-deleted connection within DELETED_RETENTION_DAYS can be restored.',
  },
  ADMIN_EVENTS_QUERY_INVALID: {
    status: 400,
    message:
      'GET /admin/events takes limit (1 to 500), before (an event seq from nextBefore), state (pending, delivered, dead or disabled), type (an event type such as health.broken) and workspace (a workspace id); each once, no other parameters.',
  },
  ADMIN_EVENT_NOT_FOUND: {
    status: 404,
    message: 'No event with this id (evt_…); list them with GET /admin/events.',
  },
  ADMIN_REPLAY_QUERY_INVALID: {
    status: 400,
    message:
      'POST /admin/events/:id/replay takes destination=<destination id> (optional: every destination otherwise); no other parameters.',
  },
  ADMIN_EVENT_NOTHING_TO_REPLAY: {
    status: 409,
    message:
      'Nothing was re-queued: the event has no delivery to that destination, or its deliveries are still pending; see GET /admin/events/:id.',
  },
  ADMIN_STORE_UNAVAILABLE: {
    status: 503,
    message:
      'The connection store did not answer; nothing was changed. Check DATABASE_URL and GET /readyz, then retry.',
  },
  ADMIN_INTERNAL_ERROR: {
    status: 500,
    message: 'An unexpected error; quote the request id when reporting it.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type AdminErrorCode = keyof typeof ADMIN_ERRORS;

/** JSON body of an admin API failure. */
export interface AdminErrorBody {
  error: { code: AdminErrorCode; message: string; requestId: string };
}

/**
 * A failure raised inside an admin handler (e.g. the store did not answer), turned into its JSON
 * answer by the admin router's error handler.
 */
export class AdminFailure extends Error {
  override readonly name = 'AdminFailure';

  constructor(
    readonly code: AdminErrorCode,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${ADMIN_ERRORS[code].message}`, options);
  }
}

/**
 * Answers an admin call with its JSON error, its status and `Cache-Control: no-store`; the code is
 * also left for the access log (`errorCode`). `message` replaces the code's standard message when the
 * caller knows more (e.g. which owner tag is invalid); it must hold no secret.
 *
 * @example
 * ```ts
 * return sendAdminError(res, 'ADMIN_CONNECTION_NOT_FOUND');
 * ```
 */
export function sendAdminError(res: Response, code: AdminErrorCode, message?: string): void {
  res.locals['failureCode'] = code;
  const body: AdminErrorBody = {
    error: { code, message: message ?? ADMIN_ERRORS[code].message, requestId: requestIdOf(res) },
  };
  res.status(ADMIN_ERRORS[code].status).setHeader('Cache-Control', 'no-store').json(body);
}
