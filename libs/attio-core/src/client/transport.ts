/**
 * The byte-moving layer under the client, behind one small function type so the client logic does not care
 * whether an injected `fetch` or undici's dispatcher carries the request.
 *
 * Why undici by default: on Node 20 the global `fetch` (WHATWG streams, Request/Response objects) delivers
 * about a fifth of the throughput of undici's `request` on the same keep-alive connections
 * (tools/bench/transport.bench.ts). One shared keep-alive Agent serves all clients of the process, so creating
 * a client per workspace does not multiply connection pools.
 */
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import type { HeadersLike } from '@attio-auth/attio-errors';

/**
 * What one attempt needs from the wire: status, headers and the whole body as text.
 *
 * @example
 * ```ts
 * const { status, text }: RawResponse = await transport(url, req);
 * ```
 */
export interface RawResponse {
  status: number;
  headers: HeadersLike;
  text: string;
}

/**
 * Request details handed to a transport.
 *
 * @example
 * ```ts
 * await transport(url, { method: 'GET', headers, body: undefined, signal: undefined, timeoutMs: 30000 });
 * ```
 */
export interface TransportRequest {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** The caller's signal, if any. */
  signal: AbortSignal | undefined;
  /** Time limit for this attempt; the transport rejects with a timeout error (TimeoutError / UND_ERR_*_TIMEOUT). */
  timeoutMs: number;
}

/**
 * Sends one request and reads the whole body; rejects with the underlying network/abort error.
 *
 * @example
 * ```ts
 * const transport: Transport = fetchTransport(fetch);
 * const { status, text } = await transport('https://api.attio.com/v2/self', { method: 'GET', headers, body: undefined, signal: undefined, timeoutMs: 30000 });
 * ```
 */
export type Transport = (url: string, req: TransportRequest) => Promise<RawResponse>;

/**
 * Options of {@link fetchTransport}.
 *
 * @example
 * ```ts
 * const options: FetchTransportOptions = { redirect: 'manual' };
 * ```
 */
export interface FetchTransportOptions {
  /**
   * `'manual'`: a 3xx comes back as the response and is never followed. Use it when the request
   * carries a secret that must not be re-sent to wherever a 307/308 points (a token request's code
   * and client secret). Default `'follow'`, fetch's own default. (`undiciTransport` never follows.)
   */
  readonly redirect?: 'follow' | 'manual';
}

/**
 * A transport over any `fetch` implementation (used when the caller injects `fetch`).
 *
 * @example
 * ```ts
 * createAttioClient({ token, fetch: myInstrumentedFetch });
 * const tokenTransport = fetchTransport(fetch, { redirect: 'manual' });
 * ```
 */
export function fetchTransport(
  fetchImpl: typeof fetch,
  options: FetchTransportOptions = {},
): Transport {
  const redirect = options.redirect ?? 'follow';
  return async (url, req) => {
    // One timer covers headers and body; fetch rejects with the abort reason (a TimeoutError DOMException).
    const timeout = new AbortController();
    const timer = setTimeout(
      () =>
        timeout.abort(new DOMException(`No response within ${req.timeoutMs} ms`, 'TimeoutError')),
      req.timeoutMs,
    );
    const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
    try {
      const res = await fetchImpl(url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal,
        redirect,
      });
      return {
        status: res.status,
        headers: res.headers,
        text: await res.text(),
      };
    } finally {
      clearTimeout(timer);
    }
  };
}

let sharedAgent: Agent | undefined;

/**
 * The process-wide keep-alive Agent used by default (created on first use). Idle sockets do not keep the
 * process alive.
 *
 * @example
 * ```ts
 * await defaultDispatcher().close(); // e.g. in a graceful shutdown
 * ```
 */
export function defaultDispatcher(): Agent {
  sharedAgent ??= new Agent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
  });
  return sharedAgent;
}

/**
 * A transport over undici's `request` (no WHATWG streams), on the given dispatcher or the shared Agent.
 * The timeout uses undici's own `headersTimeout` (time to response headers) and `bodyTimeout` (idle time between
 * body chunks), which run on undici's coarse shared timers instead of one AbortController and timer per
 * request; the caller's signal is passed through untouched.
 *
 * @example
 * ```ts
 * const transport = undiciTransport(new Agent({ connections: 16 }));
 * ```
 */
export function undiciTransport(dispatcher?: Dispatcher): Transport {
  return async (url, req) => {
    const res = await undiciRequest(url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      signal: req.signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
      dispatcher: dispatcher ?? defaultDispatcher(),
    });
    // Always drain the body so the socket returns to the pool.
    return {
      status: res.statusCode,
      headers: res.headers,
      text: await res.body.text(),
    };
  };
}
