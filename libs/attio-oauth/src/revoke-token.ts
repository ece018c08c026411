import {
  decideRetry,
  defaultSleep,
  DEFAULT_RETRY,
  fetchTransport,
  undiciTransport,
  type RawResponse,
  type RequestThrottle,
  type Transport,
} from '@attio-auth/attio-core';
import {
  AttioError,
  AttioInvalidTokenFormatError,
  connectionErrorFrom,
  ErrorCode,
  isAttioError,
  isConnectionError,
  oauthErrorFromResponse,
  remedyFor,
} from '@attio-auth/attio-errors';

import { AttioRevokeError } from './revoke-error.js';

/**
 * Inputs of {@link revokeToken}.
 *
 * @example
 * ```ts
 * const options: RevokeTokenOptions = { token, revokeUrl: 'https://app.attio.com/oauth/revoke', pacer };
 * ```
 */
export interface RevokeTokenOptions {
  /** The access token to revoke. Sent once, as the form field `token`; never logged, never in an error. */
  token: string;
  /** The revocation endpoint, e.g. `https://app.attio.com/oauth/revoke`. */
  revokeUrl: string;
  /** Send through this `fetch` instead (redirects are not followed); default attio-core's undici transport. */
  fetch?: typeof fetch;
  /** Per attempt: gives up (AttioTimeoutError) after this long; default 30 000 ms. */
  timeoutMs?: number;
  /** Aborts the revocation, including a wait for a pacer slot or a `Retry-After` (AttioAbortError). */
  signal?: AbortSignal;
  /** Every attempt waits for a slot of this pacer first ({@link createRevokePacer}); default none. */
  pacer?: RequestThrottle;
  /**
   * Longest `Retry-After` to wait for on a 429; default 60 000 ms (the endpoint's one-minute window). A
   * longer one is not waited for: the call throws `ATTIO_OAUTH_REVOKE_RATE_LIMITED` with `retryAfterMs`.
   */
  maxWaitMs?: number;
  /** Retries after the first attempt (429s, and connections that never opened); default 3. */
  retries?: number;
  /** Clock for HTTP-date `Retry-After` values; default `Date.now`. */
  now?: () => number;
  /** How the waits between attempts sleep; default attio-core's `defaultSleep`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random source of the backoff jitter; default `Math.random`. */
  random?: () => number;
}

/**
 * Outcome of {@link revokeToken}: the token no longer works. `alreadyGone` is true when Attio said it did
 * not know the token (unknown, or revoked earlier), which a caller deleting a connection treats as done.
 *
 * @example
 * ```ts
 * const { alreadyGone }: RevokeResult = await revokeToken({ token, revokeUrl });
 * ```
 */
export interface RevokeResult {
  readonly revoked: true;
  readonly alreadyGone: boolean;
}

/**
 * How long {@link revokeToken} waits for one answer by default (30 s), like attio-core's client.
 *
 * @example
 * ```ts
 * revokeToken({ token, revokeUrl, timeoutMs: DEFAULT_REVOKE_TIMEOUT_MS / 3 });
 * ```
 */
export const DEFAULT_REVOKE_TIMEOUT_MS = 30_000;

const REVOKED: RevokeResult = Object.freeze({ revoked: true, alreadyGone: false });
const ALREADY_GONE: RevokeResult = Object.freeze({ revoked: true, alreadyGone: true });

/**
 * Revokes an access token at Attio: one form-urlencoded `POST` with the field `token`.
 *
 * Why the form field and not the `Authorization: Bearer` header (Attio accepts either, and answers 400 if
 * both are sent and differ): it is RFC 7009 §2.1's shape, the same form body as the code exchange, and it
 * keeps the token out of the one header that proxies and HTTP tooling most often log or rewrite.
 *
 * Outcomes:
 * - `204` (any 2xx) → `{ revoked: true, alreadyGone: false }`;
 * - `400` with `error: "invalid_token"` (unknown or already revoked) → `{ revoked: true, alreadyGone: true }`.
 *   Attio does not document this body; any other 400 means the request was not understood, so the token
 *   may still be live and it throws instead;
 * - `429` → waits `Retry-After` (seconds or HTTP date, against `now`) up to `maxWaitMs`, then tries again,
 *   at most `retries` times; otherwise `AttioRevokeError` `ATTIO_OAUTH_REVOKE_RATE_LIMITED` with `retryAfterMs`;
 * - any other answer (5xx, other 4xx, a redirect, which is never followed) → `AttioRevokeError`
 *   `ATTIO_OAUTH_REVOKE_FAILED`, not retried: the request reached Attio, and only a 429 says it was not
 *   processed;
 * - no answer → attio-errors' `AttioConnectionError` / `AttioTimeoutError` / `AttioAbortError`. Only a
 *   connection that never opened (`reason` `dns` or `refused`: nothing was sent) is retried, with
 *   attio-core's backoff; a reset or a timeout is not, since the revoke may have happened.
 *
 * The token never appears in an error's message, stack or `toJSON()`, even when the server echoes it.
 *
 * @example
 * ```ts
 * const pacer = createRevokePacer(); // 50 per minute, shared by every revoke in the process
 * const { alreadyGone } = await revokeToken({
 *   token: storedToken,
 *   revokeUrl: 'https://app.attio.com/oauth/revoke',
 *   pacer,
 * });
 * ```
 */
export async function revokeToken(options: RevokeTokenOptions): Promise<RevokeResult> {
  const { token, revokeUrl, signal } = options;
  checkInput(options);
  const url = revokeUrl;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_RETRY.maxRetryAfterMs;
  const retryOptions = {
    ...DEFAULT_RETRY,
    retries: options.retries ?? DEFAULT_RETRY.retries,
    maxRetryAfterMs: maxWaitMs,
  };
  const sleep = options.sleep ?? defaultSleep;
  const attempt: AttemptContext = {
    // `redirect: 'manual'`: a 307/308 must not re-post the token to wherever it points.
    transport: options.fetch
      ? fetchTransport(options.fetch, { redirect: 'manual' })
      : undiciTransport(),
    url,
    form: new URLSearchParams({ token }).toString(),
    secrets: [token],
    timeoutMs: options.timeoutMs ?? DEFAULT_REVOKE_TIMEOUT_MS,
    now: options.now ?? Date.now,
    signal,
    pacer: options.pacer,
  };

  for (let n = 1; ; n += 1) {
    try {
      return await attemptOnce(attempt);
    } catch (error) {
      if (!isAttioError(error)) throw error;
      const wait = error.retryAfterMs;
      if (error.status === 429 && wait !== undefined && wait > maxWaitMs)
        throw rateLimited(
          attempt,
          wait,
          `longer than the ${maxWaitMs} ms this call may wait`,
          error.requestId,
        );
      // Sent requests are never repeated (idempotent: false), except that decideRetry always retries a
      // 429, which Attio did not process. A connection that never opened sent nothing.
      const neverSent = isConnectionError(error) && ['dns', 'refused'].includes(error.reason);
      const decision = decideRetry({
        attempt: n,
        method: 'POST',
        idempotent: neverSent,
        error,
        options: retryOptions,
        ...(options.random ? { random: options.random } : {}),
      });
      if (!decision.retry) {
        if (error.status !== 429) throw error;
        throw rateLimited(attempt, wait, `no retry left after ${n} attempts`, error.requestId);
      }
      try {
        await sleep(decision.delayMs, signal);
      } catch (cause) {
        throw aborted(cause, attempt);
      }
    }
  }
}

/** What every attempt of one revocation shares. */
interface AttemptContext {
  readonly transport: Transport;
  readonly url: string;
  readonly form: string;
  readonly secrets: readonly string[];
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly signal: AbortSignal | undefined;
  readonly pacer: RequestThrottle | undefined;
}

/** One paced POST; resolves with the outcome or throws the AttioError for this answer. */
async function attemptOnce(a: AttemptContext): Promise<RevokeResult> {
  let release: (() => void) | undefined;
  if (a.pacer) {
    try {
      release = await a.pacer.acquire(a.signal);
    } catch (cause) {
      throw aborted(cause, a);
    }
  }
  let response: RawResponse;
  try {
    response = await a.transport(a.url, {
      method: 'POST',
      headers: { ...FORM_HEADERS },
      body: a.form,
      signal: a.signal,
      timeoutMs: a.timeoutMs,
    });
  } catch (error) {
    throw connectionErrorFrom(error, {
      method: 'POST',
      url: a.url,
      timeoutMs: a.timeoutMs,
      abortedBy: a.signal?.aborted ? 'caller' : undefined,
      secrets: a.secrets,
    });
  } finally {
    release?.();
  }
  const { status, headers, text } = response;
  if (status >= 200 && status <= 299) return REVOKED;
  // attio-errors reads the RFC 6749 body (JSON or form), Retry-After and the request id.
  const parsed = oauthErrorFromResponse(status, headers, text, {
    method: 'POST',
    url: a.url,
    now: a.now(),
    secrets: a.secrets,
  });
  if (status === 400 && parsed.oauthError === 'invalid_token') return ALREADY_GONE;
  // Thrown for the retry decision; the loop replaces it with the final wording if it gives up.
  if (status === 429) throw rateLimited(a, parsed.retryAfterMs, 'may retry', parsed.requestId);
  const what =
    status >= 300 && status <= 399
      ? `a redirect (${status}), not followed so the token goes nowhere else`
      : `HTTP ${status} ${parsed.oauthError}`;
  const detail = parsed.oauthErrorDescription ? `: ${parsed.oauthErrorDescription}` : '';
  throw new AttioRevokeError(ErrorCode.OAUTH_REVOKE_FAILED, {
    status,
    method: 'POST',
    url: a.url,
    secrets: a.secrets,
    oauthError: parsed.oauthError,
    ...(parsed.oauthErrorDescription !== undefined
      ? { oauthErrorDescription: parsed.oauthErrorDescription }
      : {}),
    ...(parsed.requestId !== undefined ? { requestId: parsed.requestId } : {}),
    message: `Attio did not revoke the token: POST ${a.url} answered ${what}${trimStop(detail)}. ${remedyFor(ErrorCode.OAUTH_REVOKE_FAILED).action}`,
  });
}

function trimStop(text: string): string {
  return text.replace(/[.!?]+$/, '');
}

/** The final 429 error, with why no (further) wait was made. */
function rateLimited(
  a: AttemptContext,
  retryAfterMs: number | undefined,
  why: string,
  requestId: string | undefined,
): AttioRevokeError {
  const after =
    retryAfterMs === undefined
      ? 'no Retry-After'
      : `Retry-After ${Math.ceil(retryAfterMs / 1000)} s`;
  return new AttioRevokeError(ErrorCode.OAUTH_REVOKE_RATE_LIMITED, {
    status: 429,
    method: 'POST',
    url: a.url,
    secrets: a.secrets,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    message: `Attio's revocation limit was hit: POST ${a.url} answered 429 (${after}, ${why}); the token was not revoked. ${remedyFor(ErrorCode.OAUTH_REVOKE_RATE_LIMITED).action}`,
  });
}

/** A caller abort while waiting (for a pacer slot or a retry) → AttioAbortError. */
function aborted(cause: unknown, a: AttemptContext): AttioError {
  return connectionErrorFrom(cause, {
    method: 'POST',
    url: a.url,
    abortedBy: 'caller',
    secrets: a.secrets,
  });
}

function checkInput(options: RevokeTokenOptions): void {
  const { token, revokeUrl } = options;
  if (typeof token !== 'string' || token.trim() === '') {
    throw new AttioInvalidTokenFormatError({
      message: 'The token to revoke is empty or not a string: pass the stored access token itself.',
      secrets: typeof token === 'string' ? [token] : [],
    });
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(revokeUrl);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || !/^https?:$/.test(parsed.protocol))
    throw new TypeError(
      'revokeUrl must be an absolute http(s) URL, such as https://app.attio.com/oauth/revoke.',
    );
  const { maxWaitMs, retries, timeoutMs } = options;
  if (maxWaitMs !== undefined && !(Number.isFinite(maxWaitMs) && maxWaitMs >= 0))
    throw new RangeError(
      `maxWaitMs must be a number of milliseconds ≥ 0, got ${String(maxWaitMs)}.`,
    );
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0))
    throw new RangeError(`retries must be a whole number ≥ 0, got ${String(retries)}.`);
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0))
    throw new RangeError(
      `timeoutMs must be a number of milliseconds > 0, got ${String(timeoutMs)}.`,
    );
}

const FORM_HEADERS = Object.freeze({
  'content-type': 'application/x-www-form-urlencoded',
  accept: 'application/json',
});
