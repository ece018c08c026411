import diagnosticsChannel from 'node:diagnostics_channel';

import {
  ATTIO_TRACING_CHANNELS,
  fetchTransport,
  httpTargetOf,
  requestIdOf,
  undiciTransport,
  type AttioAttemptTrace,
  type RawResponse,
} from '@attio-auth/attio-core';
import { connectionErrorFrom, oauthErrorFromResponse } from '@attio-auth/attio-errors';

import { parseTokenResponse, type TokenResponse } from './token-response.js';

/**
 * Inputs of {@link exchangeCode}.
 *
 * @example
 * ```ts
 * const options: ExchangeCodeOptions = { code, clientId, clientSecret, redirectUri, tokenUrl: 'https://app.attio.com/oauth/token' };
 * ```
 */
export interface ExchangeCodeOptions {
  /** The authorization code from the callback. Single-use; never logged, never put in an error. */
  code: string;
  clientId: string;
  /** Sent in the form body (`client_secret_post`, RFC 6749 §2.3.1), as Attio documents. */
  clientSecret: string;
  /** The redirect URI used on the authorize request (RFC 6749 §4.1.3). */
  redirectUri: string;
  /** The token endpoint, e.g. `https://app.attio.com/oauth/token`. */
  tokenUrl: string;
  /**
   * Send through this `fetch` instead (e.g. for instrumentation). Default: undici's `request` on
   * attio-core's shared keep-alive Agent, the transport `/v2/self` uses too (Node 20's global `fetch`
   * costs several times the CPU per request: WHATWG streams and a transferable AbortSignal per call).
   */
  fetch?: typeof fetch;
  /**
   * Gives up (AttioTimeoutError) after this long; default 30 000 ms. With an injected `fetch` it bounds
   * the whole exchange; on the default transport it bounds the wait for the response headers and each
   * pause while reading the body (undici `headersTimeout`/`bodyTimeout`), as in attio-core.
   */
  timeoutMs?: number;
  /** PKCE verifier (RFC 7636 §4.5), only when the authorize request carried a challenge. */
  codeVerifier?: string;
  /** Aborts the exchange (AttioAbortError). */
  signal?: AbortSignal;
}

/**
 * How long {@link exchangeCode} waits for the token endpoint by default (30 s), like attio-core's client.
 *
 * @example
 * ```ts
 * exchangeCode({ ...options, timeoutMs: DEFAULT_EXCHANGE_TIMEOUT_MS / 3 });
 * ```
 */
export const DEFAULT_EXCHANGE_TIMEOUT_MS = 30_000;

/**
 * Exchanges an authorization code for an access token (RFC 6749 §4.1.3): one form-urlencoded
 * `POST` with `grant_type=authorization_code`, `code`, `redirect_uri`, `client_id` and
 * `client_secret` (`client_secret_post`, as Attio documents).
 *
 * Never retried: codes are single-use, so once the request may have reached the server a second
 * attempt can only fail with `invalid_grant` and hide the real outcome. Failures are thrown as
 * `attio-errors` errors and never contain the code or the client secret:
 * - a 4xx/5xx answer → `AttioOAuthError` from the RFC 6749 §5.2 body (`ATTIO_OAUTH_INVALID_GRANT`, …);
 * - no answer → `AttioConnectionError` (`reason` `dns`/`refused` mean the request never left,
 *   so the code is still unused), `AttioTimeoutError`, or `AttioAbortError`;
 * - a 2xx body without an `access_token` → `AttioResponseValidationError`.
 *
 * @example
 * ```ts
 * const { accessToken } = await exchangeCode({
 *   code, clientId, clientSecret,
 *   redirectUri: 'https://example.com/oauth/callback',
 *   tokenUrl: 'https://app.attio.com/oauth/token',
 * });
 * ```
 */
export function exchangeCode(options: ExchangeCodeOptions): Promise<TokenResponse> {
  // Traced only while someone listens; the context never holds the code, the secret or the form body.
  if (!oauthCallChannel.hasSubscribers) return sendExchange(options, undefined);
  let trace: AttioAttemptTrace;
  try {
    const target = httpTargetOf('POST', options.tokenUrl);
    const template = target.urlTemplate ?? new URL(options.tokenUrl).pathname;
    trace = {
      ...target,
      urlTemplate: template,
      call: undefined,
      workspaceId: undefined,
      attempt: 1,
      headers: {},
    };
  } catch {
    // Not an absolute URL: send untraced and let the transport report it as it always has.
    return sendExchange(options, undefined);
  }
  return oauthCallChannel.tracePromise(sendExchange, trace, undefined, options, trace);
}

const oauthCallChannel = diagnosticsChannel.tracingChannel<object, AttioAttemptTrace>(
  ATTIO_TRACING_CHANNELS.oauthCall,
);

async function sendExchange(
  options: ExchangeCodeOptions,
  trace: AttioAttemptTrace | undefined,
): Promise<TokenResponse> {
  const { tokenUrl } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS;
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: options.code,
    redirect_uri: options.redirectUri,
    client_id: options.clientId,
    client_secret: options.clientSecret,
  });
  if (options.codeVerifier !== undefined) body.set('code_verifier', options.codeVerifier);
  const form = body.toString();

  // Masked from any message, even if the server echoes them back in an error description.
  const secrets = [options.code, options.clientSecret, options.codeVerifier];
  const context = { method: 'POST', url: tokenUrl, secrets };

  // `redirect: 'manual'`: a redirected token request must not re-post the code and client secret to
  // wherever a 307/308 points; the 3xx is answered as an error instead (undici's `request` never follows).
  const transport = options.fetch
    ? fetchTransport(options.fetch, { redirect: 'manual' })
    : undiciTransport();
  let response: RawResponse;
  try {
    response = await transport(tokenUrl, {
      method: 'POST',
      // A tracing subscriber's headers (traceparent) go under the form headers, never over them.
      headers: trace ? { ...trace.headers, ...FORM_HEADERS } : { ...FORM_HEADERS },
      body: form,
      signal: options.signal,
      timeoutMs,
    });
  } catch (error) {
    // The transports report their own timeout (TimeoutError / UND_ERR_*_TIMEOUT); a fired caller signal wins.
    throw connectionErrorFrom(error, {
      ...context,
      timeoutMs,
      abortedBy: options.signal?.aborted ? 'caller' : undefined,
    });
  }
  const { status, headers, text } = response;
  if (trace) {
    trace.status = status;
    trace.requestId = requestIdOf(headers);
  }
  if (status < 200 || status > 299) {
    throw oauthErrorFromResponse(status, headers, text, context);
  }
  return parseTokenResponse(text, { status, url: tokenUrl });
}

const FORM_HEADERS = Object.freeze({
  'content-type': 'application/x-www-form-urlencoded',
  accept: 'application/json',
});
