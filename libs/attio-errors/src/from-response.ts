/**
 * Maps a non-2xx HTTP answer to the matching {@link AttioError} subclass. Branches on the HTTP status first;
 * Attio's `type`/`code` only refine (https://docs.attio.com/rest-api/guides/errors). Never throws.
 */
import type { AttioError, AttioErrorInit } from './attio-error.js';
import { AttioError as BaseError } from './attio-error.js';
import { ErrorCode } from './error-codes.js';
import { AttioAuthenticationError } from './errors/attio-authentication-error.js';
import { AttioBadRequestError } from './errors/attio-bad-request-error.js';
import { AttioConflictError } from './errors/attio-conflict-error.js';
import { AttioNotFoundError } from './errors/attio-not-found-error.js';
import { AttioPayloadTooLargeError } from './errors/attio-payload-too-large-error.js';
import { AttioPermissionError } from './errors/attio-permission-error.js';
import { AttioRateLimitError } from './errors/attio-rate-limit-error.js';
import { AttioServerError } from './errors/attio-server-error.js';
import { parseErrorBody } from './parse-error-body.js';
import { getHeader, type HeadersLike } from './redact.js';
import { remedyFor } from './remedies.js';
import { parseRetryAfter } from './retry-after.js';

/**
 * Request details that make an error message actionable.
 *
 * @example
 * ```ts
 * fromResponse(500, headers, text, { method: 'GET', url, now: Date.now(), secrets: [token] });
 * ```
 */
export interface ResponseErrorContext {
  method?: string;
  url?: string;
  /** Clock for `Retry-After` HTTP dates (default `Date.now()`). */
  now?: number;
  /** Literal secrets to mask (the client passes its token). */
  secrets?: readonly (string | undefined | null)[];
}

/** Header names that may carry a request id (Attio does not document one; x-request-id is the usual). */
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-attio-request-id'];

const SCOPE_HINT = /scope/i;

/**
 * Builds the error for a non-2xx response from its status, headers and raw body text.
 *
 * @example
 * ```ts
 * const res = await fetch(url, init);
 * if (!res.ok) throw fromResponse(res.status, res.headers, await res.text(), { method: 'GET', url });
 * ```
 */
export function fromResponse(
  status: number,
  headers: HeadersLike | undefined | null,
  bodyText: string | null | undefined,
  context: ResponseErrorContext = {},
): AttioError {
  try {
    return build(status, headers, bodyText, context);
  } catch (cause) {
    // Defensive: a hostile headers object or similar must still yield an error, not a throw.
    return new BaseError(ErrorCode.UNEXPECTED_STATUS, {
      message: `Attio answered HTTP ${String(status)} and the response could not be read.`,
      status: typeof status === 'number' ? status : undefined,
      cause,
      secrets: context.secrets,
    });
  }
}

function build(
  status: number,
  headers: HeadersLike | undefined | null,
  bodyText: string | null | undefined,
  context: ResponseErrorContext,
): AttioError {
  const body = parseErrorBody(bodyText);
  const requestId = REQUEST_ID_HEADERS.map((h) => getHeader(headers, h)).find(
    (v) => v !== undefined,
  );
  const retryAfterMs = parseRetryAfter(
    getHeader(headers, 'retry-after'),
    context.now ?? Date.now(),
  );
  const init: AttioErrorInit = {
    message: '',
    status,
    secrets: context.secrets,
  };
  if (body.type !== undefined) init.attioType = body.type;
  if (body.code !== undefined) init.attioCode = body.code;
  if (body.message !== undefined) init.attioMessage = body.message;
  if (body.validationErrors !== undefined) init.validationErrors = body.validationErrors;
  if (requestId !== undefined) init.requestId = requestId;
  if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
  if (context.method !== undefined) init.method = context.method;
  if (context.url !== undefined) init.url = context.url;

  const make = (code: ErrorCode): AttioErrorInit => ({
    ...init,
    message: describe(status, code, body, context),
  });
  if (status === 400) return new AttioBadRequestError(make(ErrorCode.BAD_REQUEST));
  if (status === 401) return new AttioAuthenticationError(make(ErrorCode.AUTHENTICATION));
  if (status === 403) {
    const scopey = SCOPE_HINT.test(body.code ?? '') || SCOPE_HINT.test(body.message ?? '');
    const code = scopey ? ErrorCode.INSUFFICIENT_SCOPES : ErrorCode.FORBIDDEN;
    return new AttioPermissionError({ ...make(code), code });
  }
  if (status === 404) return new AttioNotFoundError(make(ErrorCode.NOT_FOUND));
  if (status === 409) return new AttioConflictError(make(ErrorCode.CONFLICT));
  if (status === 413) return new AttioPayloadTooLargeError(make(ErrorCode.PAYLOAD_TOO_LARGE));
  if (status === 429) return new AttioRateLimitError(make(ErrorCode.RATE_LIMITED));
  if (status >= 500 && status <= 599) return new AttioServerError(make(ErrorCode.SERVER_ERROR));
  return new BaseError(ErrorCode.UNEXPECTED_STATUS, make(ErrorCode.UNEXPECTED_STATUS));
}

function describe(
  status: number,
  code: ErrorCode,
  body: ReturnType<typeof parseErrorBody>,
  context: ResponseErrorContext,
): string {
  const where =
    context.method && context.url ? ` to ${context.method.toUpperCase()} ${context.url}` : '';
  const attioCode = body.code ? ` ${body.code}` : '';
  const detail =
    body.message ??
    (body.snippet !== undefined
      ? `non-JSON body "${body.snippet}"`
      : body.json
        ? 'no error message in the body'
        : 'empty body');
  const sentence = /[.!?]$/.test(detail) ? detail : `${detail}.`;
  return `Attio answered HTTP ${status}${attioCode}${where}: ${sentence} ${remedyFor(code).action}`;
}
