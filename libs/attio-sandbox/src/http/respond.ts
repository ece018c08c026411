/**
 * Response writers. Error bodies follow Attio's documented shape
 * `{ status_code, type, code, message }` (https://docs.attio.com/rest-api/overview#errors); the sandbox
 * builds them itself so it does not depend on the client-side error library.
 */
import type { ServerResponse } from 'node:http';

/** Attio's error `type` values. */
export type AttioErrorType =
  | 'invalid_request_error'
  | 'auth_error'
  | 'rate_limit_error'
  | 'api_error';

/** The body Attio sends with every non-2xx JSON response. */
export interface AttioErrorBody {
  readonly status_code: number;
  readonly type: AttioErrorType;
  readonly code: string;
  readonly message: string;
}

/**
 * Builds an Attio error body.
 *
 * @example
 * ```ts
 * attioError(404, 'invalid_request_error', 'not_found', 'Object "x" was not found.');
 * ```
 */
export function attioError(
  status: number,
  type: AttioErrorType,
  code: string,
  message: string,
): AttioErrorBody {
  return { status_code: status, type, code, message };
}

/**
 * Writes a JSON response. A string body is sent as is (pre-serialised hot-path bodies).
 *
 * @example
 * ```ts
 * sendJson(res, 200, { data: [] });
 * ```
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Writes an Attio error response.
 *
 * @example
 * ```ts
 * sendAttioError(res, attioError(401, 'auth_error', 'unauthorized', 'Missing Authorization header.'));
 * ```
 */
export function sendAttioError(
  res: ServerResponse,
  body: AttioErrorBody,
  headers?: Record<string, string>,
): void {
  sendJson(res, body.status_code, body, headers);
}

/**
 * Writes an HTML page (consent page, OAuth error page, proxy-style 5xx pages).
 *
 * @example
 * ```ts
 * sendHtml(res, 502, '<html><body>Bad Gateway</body></html>');
 * ```
 */
export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers?: Record<string, string>,
): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    // The consent page must not be framed (clickjacking; RFC 6749 §10.13).
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  });
  res.end(html);
}

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<b>"x"</b>'); // → '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * The HTTP date one second-boundary after `nowMs`, Attio's `Retry-After` format for 429s.
 *
 * @example
 * ```ts
 * retryAfterDate(Date.UTC(2023, 4, 23, 14, 42, 0, 500)); // → 'Tue, 23 May 2023 14:42:01 GMT'
 * ```
 */
export function retryAfterDate(nowMs: number): string {
  return new Date((Math.floor(nowMs / 1000) + 1) * 1000).toUTCString();
}

/**
 * Sends Attio's 429 body with `Retry-After` as an HTTP date (how Attio answers rate limiting).
 *
 * @example
 * ```ts
 * sendRateLimited(res, Date.now());
 * ```
 */
export function sendRateLimited(res: ServerResponse, nowMs: number): void {
  sendAttioError(
    res,
    attioError(
      429,
      'rate_limit_error',
      'rate_limit_exceeded',
      'Rate limit exceeded, please try again later.',
    ),
    { 'retry-after': retryAfterDate(nowMs) },
  );
}
