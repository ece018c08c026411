/**
 * How attio-core's trace contexts become OpenTelemetry attributes, per the HTTP client semantic conventions
 * (https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-client-span), plus `attio.*` extras.
 * Only what the contexts carry by design goes in: never headers, bodies, query strings or results.
 */
import type { AttioAttemptTrace, AttioCallTrace, AttioHttpTarget } from '@attio-auth/attio-core';
import type { Attributes } from '@opentelemetry/api';

/**
 * `{method} {url.template}`, or the method alone when the template is unknown (semantic conventions: span
 * names stay low-cardinality, so a raw path with record ids never becomes one).
 *
 * @example
 * ```ts
 * spanNameOf({ method: 'GET', urlTemplate: '/v2/self', urlFull, serverAddress, serverPort }); // → 'GET /v2/self'
 * ```
 */
export function spanNameOf(target: AttioHttpTarget): string {
  return target.urlTemplate === undefined
    ? target.method
    : `${target.method} ${target.urlTemplate}`;
}

/**
 * The attributes known when a request starts.
 *
 * @example
 * ```ts
 * startAttributesOf(attemptTrace)['http.request.resend_count']; // → 1 on the first retry
 * ```
 */
export function startAttributesOf(
  t: AttioHttpTarget & { readonly workspaceId: string | undefined; readonly attempt?: number },
): Attributes {
  const attributes: Attributes = {
    'http.request.method': t.method,
    'server.address': t.serverAddress,
    'server.port': t.serverPort,
    'url.full': t.urlFull,
  };
  if (t.urlTemplate !== undefined) attributes['url.template'] = t.urlTemplate;
  if (t.workspaceId !== undefined) attributes['attio.workspace_id'] = t.workspaceId;
  // Conditionally required "if and only if the request was retried".
  if (t.attempt !== undefined && t.attempt > 1)
    attributes['http.request.resend_count'] = t.attempt - 1;
  return attributes;
}

/**
 * The attributes known when a request settles: status, Attio's request id and `error.type`.
 *
 * @example
 * ```ts
 * endAttributesOf({ ...attemptTrace, status: 503 })['error.type']; // → '503'
 * ```
 */
export function endAttributesOf(t: AttioCallTrace | AttioAttemptTrace): Attributes {
  const attributes: Attributes = {};
  if (t.status !== undefined) attributes['http.response.status_code'] = t.status;
  if (t.requestId !== undefined) attributes['attio.request_id'] = t.requestId;
  const errorType = errorTypeOf(t.status, t.error);
  if (errorType !== undefined) attributes['error.type'] = errorType;
  return attributes;
}

/**
 * Semantic conventions' `error.type`: the status code for an HTTP error answer, else the error's stable code
 * (attio-errors' `ATTIO_TIMEOUT`, …) or class name; `undefined` for a success.
 *
 * @example
 * ```ts
 * errorTypeOf(undefined, timeoutError); // → 'ATTIO_TIMEOUT'
 * ```
 */
export function errorTypeOf(status: number | undefined, error: unknown): string | undefined {
  if (status !== undefined && status >= 400) return String(status);
  if (error === undefined) return undefined;
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    if (error instanceof Error) return error.name;
  }
  return '_OTHER';
}
