/**
 * Maps a failed `fetch` (or undici) call to an AttioError. Node's fetch rejects with
 * `TypeError('fetch failed')` whose `cause` holds the socket error (`code: 'ECONNREFUSED'`, …), sometimes
 * wrapped in an AggregateError (happy-eyeballs tries several addresses); an aborted signal rejects with its
 * `reason` (a `TimeoutError` DOMException for `AbortSignal.timeout`, an `AbortError` for `controller.abort()`).
 */
import { AttioError } from './attio-error.js';
import type { ConnectionFailureReason } from './error-codes.js';
import { AttioAbortError } from './errors/attio-abort-error.js';
import { AttioConnectionError } from './errors/attio-connection-error.js';
import { AttioTimeoutError } from './errors/attio-timeout-error.js';
import { remedyFor } from './remedies.js';

/**
 * Request details plus, when the caller knows it, which signal fired.
 *
 * @example
 * ```ts
 * connectionErrorFrom(err, { method: 'GET', url, timeoutMs: 30000, abortedBy: signal.aborted ? 'caller' : undefined });
 * ```
 */
export interface ConnectionErrorContext {
  method?: string;
  url?: string;
  timeoutMs?: number;
  /** Set by a client that knows which of its signals aborted (a caller may abort with any reason). */
  abortedBy?: 'timeout' | 'caller';
  secrets?: readonly (string | undefined | null)[];
}

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA']);
const REFUSED = new Set(['ECONNREFUSED']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TIMEOUT = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const TLS =
  /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$|HOSTNAME_MISMATCH)/;

/** Every `code`/`name` found on the error, its causes and aggregated errors (depth-limited). */
function collect(
  err: unknown,
  depth = 0,
  out: { codes: string[]; names: string[] } = { codes: [], names: [] },
) {
  if (depth > 5 || typeof err !== 'object' || err === null) return out;
  const rec = err as {
    code?: unknown;
    name?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof rec.code === 'string') out.codes.push(rec.code);
  if (typeof rec.name === 'string') out.names.push(rec.name);
  if (Array.isArray(rec.errors)) for (const e of rec.errors) collect(e, depth + 1, out);
  collect(rec.cause, depth + 1, out);
  return out;
}

function reasonOf(codes: readonly string[]): ConnectionFailureReason {
  if (codes.some((c) => DNS.has(c))) return 'dns';
  if (codes.some((c) => REFUSED.has(c))) return 'refused';
  if (codes.some((c) => TLS.test(c))) return 'tls';
  if (codes.some((c) => RESET.has(c))) return 'reset';
  return 'unknown';
}

const REASON_TEXT: Record<ConnectionFailureReason, string> = {
  dns: 'the host name could not be resolved',
  refused: 'the connection was refused',
  reset: 'the connection was reset or closed',
  tls: 'the TLS handshake failed',
  unknown: 'the network request failed',
};

/**
 * Converts whatever `fetch` threw into an AttioConnectionError, AttioTimeoutError or AttioAbortError
 * (an AttioError passes through unchanged).
 *
 * @example
 * ```ts
 * try { res = await fetch(url, { signal }); }
 * catch (err) { throw connectionErrorFrom(err, { method: 'GET', url, timeoutMs: 30000 }); }
 * ```
 */
export function connectionErrorFrom(
  err: unknown,
  context: ConnectionErrorContext = {},
): AttioError {
  if (err instanceof AttioError) return err;
  const { codes, names } = collect(err);
  const where =
    context.method && context.url ? ` (${context.method.toUpperCase()} ${context.url})` : '';
  const base = {
    cause: err,
    ...(context.method !== undefined ? { method: context.method } : {}),
    ...(context.url !== undefined ? { url: context.url } : {}),
    secrets: context.secrets,
  };
  const timedOut =
    context.abortedBy === 'timeout' ||
    (context.abortedBy === undefined &&
      (names.includes('TimeoutError') || codes.some((c) => TIMEOUT.has(c))));
  if (timedOut) {
    const after = context.timeoutMs !== undefined ? ` within ${context.timeoutMs} ms` : '';
    return new AttioTimeoutError({
      ...base,
      message: `Attio did not answer${after}${where}. ${remedyFor('ATTIO_TIMEOUT').action}`,
    });
  }
  if (
    context.abortedBy === 'caller' ||
    names.includes('AbortError') ||
    codes.includes('ABORT_ERR')
  ) {
    return new AttioAbortError({
      ...base,
      message: `The request was aborted by the caller${where}.`,
    });
  }
  const reason = reasonOf(codes);
  const code = codes.find((c) => c !== 'ERR_INVALID_ARG_TYPE');
  const detail = code ? ` [${code}]` : '';
  return new AttioConnectionError({
    ...base,
    reason,
    message: `Could not reach Attio${where}: ${REASON_TEXT[reason]}${detail}. ${remedyFor('ATTIO_CONNECTION').action}`,
  });
}
