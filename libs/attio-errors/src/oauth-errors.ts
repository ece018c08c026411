/**
 * OAuth 2.0 error parsing: the token endpoint's error body (RFC 6749 §5.2) and the error parameters on the
 * redirect back to the app (§4.1.2.1). Attio does not document its exact strings, so any 4xx/5xx from the
 * token endpoint becomes an AttioOAuthError, with or without a readable `error`.
 */
import { oauthErrorCode } from './error-codes.js';
import { AttioOAuthError } from './errors/attio-oauth-error.js';
import type { ResponseErrorContext } from './from-response.js';
import { textSnippet } from './parse-error-body.js';
import { getHeader, type HeadersLike } from './redact.js';
import { remedyFor } from './remedies.js';
import { parseRetryAfter } from './retry-after.js';

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

/** Reads `error` / `error_description` from a JSON or form-urlencoded body; never throws. */
function readOAuthBody(bodyText: string): {
  error?: string;
  /** Attio's REST error `code`, for bodies that are not RFC 6749 §5.2 shaped. */
  attioCode?: string;
  description?: string;
  snippet?: string;
} {
  const text = bodyText.trim();
  if (text === '') return {};
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
      const rec = json as Record<string, unknown>;
      const error = str(rec['error']);
      const attioCode = str(rec['code']);
      const description = str(rec['error_description']) ?? str(rec['message']);
      return {
        ...(error ? { error } : {}),
        ...(attioCode ? { attioCode } : {}),
        ...(description ? { description } : {}),
      };
    }
  } catch {
    // not JSON: try form encoding below
  }
  if (/^[\w.%+-]+=[^<>]*$/.test(text)) {
    const form = new URLSearchParams(text);
    const error = str(form.get('error'));
    if (error) {
      const description = str(form.get('error_description'));
      return { error, ...(description ? { description } : {}) };
    }
  }
  const snippet = textSnippet(text);
  return snippet ? { snippet } : {};
}

function describe(
  status: number | undefined,
  error: string,
  detail: string | undefined,
  where: string,
): string {
  const head =
    status === undefined
      ? `Attio OAuth error ${error}`
      : `Attio OAuth endpoint answered HTTP ${status} ${error}`;
  const body = detail ? `: ${/[.!?]$/.test(detail) ? detail : `${detail}.`}` : '.';
  return `${head}${where}${body} ${remedyFor(oauthErrorCode(error)).action}`;
}

/**
 * Builds the error for a failed token (or introspection) request.
 *
 * @example
 * ```ts
 * const res = await fetch(tokenUrl, { method: 'POST', body: form });
 * if (!res.ok) throw oauthErrorFromResponse(res.status, res.headers, await res.text(), { secrets: [clientSecret, code] });
 * ```
 */
export function oauthErrorFromResponse(
  status: number,
  headers: HeadersLike | undefined | null,
  bodyText: string | null | undefined,
  context: ResponseErrorContext = {},
): AttioOAuthError {
  const body = readOAuthBody(typeof bodyText === 'string' ? bodyText : '');
  // No RFC 6749 `error`: a 429 (rate limited, e.g. with Attio's REST-style body) is the server saying
  // "not now", which RFC 6749 §4.1.2.1 names temporarily_unavailable; otherwise Attio's REST `code` if any;
  // otherwise 5xx is a server failure and anything else is unknown.
  const oauthError =
    body.error ??
    (status === 429
      ? 'temporarily_unavailable'
      : (body.attioCode ?? (status >= 500 ? 'server_error' : 'unknown_error')));
  const where =
    context.method && context.url ? ` to ${context.method.toUpperCase()} ${context.url}` : '';
  const detail = body.description ?? (body.snippet ? `non-JSON body "${body.snippet}"` : undefined);
  const retryAfterMs = parseRetryAfter(
    getHeader(headers, 'retry-after'),
    context.now ?? Date.now(),
  );
  const requestId = getHeader(headers, 'x-request-id');
  return new AttioOAuthError({
    message: describe(status, oauthError, detail, where),
    status,
    oauthError,
    ...(body.description !== undefined ? { oauthErrorDescription: body.description } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(context.method !== undefined ? { method: context.method } : {}),
    ...(context.url !== undefined ? { url: context.url } : {}),
    secrets: context.secrets,
  });
}

/**
 * Builds the error for an `error=…` redirect back from the authorize page (RFC 6749 §4.1.2.1), e.g. when
 * the user clicks Deny (`access_denied`).
 *
 * @example
 * ```ts
 * const q = new URL(req.url, base).searchParams;
 * if (q.has('error')) throw oauthErrorFromRedirect(q.get('error') ?? '', q.get('error_description') ?? undefined);
 * ```
 */
export function oauthErrorFromRedirect(
  error: string,
  description?: string,
  context: Pick<ResponseErrorContext, 'secrets'> = {},
): AttioOAuthError {
  const oauthError = str(error) ?? 'unknown_error';
  const desc = str(description);
  return new AttioOAuthError({
    message: describe(undefined, oauthError, desc, ''),
    oauthError,
    ...(desc !== undefined ? { oauthErrorDescription: desc } : {}),
    secrets: context.secrets,
  });
}
