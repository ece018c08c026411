/**
 * One HTTP attempt through the client's transport (which enforces the per-attempt timeout), then either the
 * parsed JSON body or an AttioError. Logs method, path, status, duration and attempt through the injected logger; never the token
 * or the query string.
 */
import {
  AttioResponseValidationError,
  connectionErrorFrom,
  fromResponse,
  redact,
} from '@attio-auth/attio-errors';
import type { HeadersLike } from '@attio-auth/attio-errors';
import type { AttioAttemptTrace } from '../tracing/channels.js';
import { requestIdOf } from '../tracing/http-target.js';
import type { Transport } from './transport.js';
import type { AttioRequest, Logger } from './types.js';

/** What every attempt of one client shares. */
export interface AttemptContext {
  transport: Transport;
  timeoutMs: number;
  now: () => number;
  secrets: readonly string[];
  logger: Logger | undefined;
  baseHeaders: Record<string, string>;
}

/** One attempt's request. */
export interface Attempt<T> {
  method: string;
  url: string;
  path: string;
  req: AttioRequest<T>;
  attempt: number;
  /** Present only while a tracing channel has subscribers: receives status and request id, may add headers. */
  trace?: AttioAttemptTrace;
}

/**
 * Sends one attempt and returns the parsed body (`undefined` for an empty 2xx body).
 *
 * @example
 * ```ts
 * const body = await sendOnce(ctx, { method: 'GET', url, path: '/v2/self', req, attempt: 1 });
 * ```
 */
export async function sendOnce<T>(ctx: AttemptContext, a: Attempt<T>): Promise<T> {
  const { method, url, req } = a;
  const started = ctx.now();
  let headers = ctx.baseHeaders;
  let body: string | undefined;
  if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers = { ...headers, 'content-type': 'application/json' };
  }
  if (req.headers) headers = { ...headers, ...req.headers };
  // Headers a tracing subscriber added (traceparent) go under the client's own, so they never replace them.
  if (a.trace && Object.keys(a.trace.headers).length > 0)
    headers = { ...a.trace.headers, ...headers };

  let status: number;
  let text: string;
  let responseHeaders: HeadersLike;
  try {
    ({
      status,
      headers: responseHeaders,
      text,
    } = await ctx.transport(url, {
      method,
      headers,
      body,
      signal: req.signal,
      timeoutMs: ctx.timeoutMs,
    }));
  } catch (err) {
    // The transport reports its own timeout (TimeoutError / UND_ERR_*_TIMEOUT); a fired caller signal wins.
    const abortedBy = req.signal?.aborted ? 'caller' : undefined;
    const error = connectionErrorFrom(err, {
      method,
      url,
      timeoutMs: ctx.timeoutMs,
      abortedBy,
      secrets: ctx.secrets,
    });
    ctx.logger?.debug(
      {
        method,
        path: a.path,
        code: error.code,
        durationMs: ctx.now() - started,
        attempt: a.attempt,
      },
      'attio request failed',
    );
    throw error;
  }

  if (a.trace) {
    a.trace.status = status;
    a.trace.requestId = requestIdOf(responseHeaders);
  }
  ctx.logger?.debug(
    {
      method,
      path: a.path,
      status,
      durationMs: ctx.now() - started,
      attempt: a.attempt,
    },
    'attio request',
  );
  if (status < 200 || status > 299) {
    throw fromResponse(status, responseHeaders, text, {
      method,
      url,
      now: ctx.now(),
      secrets: ctx.secrets,
    });
  }
  if (text === '') return undefined as T;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AttioResponseValidationError({
      message: `${method} ${url} answered ${status} with a body that is not JSON ("${redact(text.slice(0, 80), ctx.secrets)}"). Check the base URL points at the Attio API.`,
      status,
      method,
      url,
      cause,
      secrets: ctx.secrets,
    });
  }
  if (!req.schema) return json as T;
  try {
    return req.schema.parse(json);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new AttioResponseValidationError({
      message: `${method} ${url} answered ${status} with a body that failed validation: ${detail}`,
      status,
      method,
      url,
      cause,
      secrets: ctx.secrets,
    });
  }
}
