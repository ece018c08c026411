/**
 * The retry decision as a pure function (after stripe-node's RequestSender and ky's retry-timing), so every
 * rule is unit-tested without sockets or clocks.
 *
 * - 429: Attio did not process the request (https://docs.attio.com/rest-api/guides/rate-limiting), so any
 *   method is retried, after `Retry-After` (capped), and the pause is shared by the whole client.
 * - 408, 5xx, network failures and timeouts: the request may have been processed, so only idempotent
 *   methods (RFC 9110 §9.2.2) are retried, after exponential backoff with full jitter
 *   (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 */
import { ErrorCode, isAttioError } from '@attio-auth/attio-errors';

/**
 * Tunables of the retry policy.
 *
 * @example
 * ```ts
 * createAttioClient({ token, retry: { retries: 5, maxRetryAfterMs: 10_000 } });
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** Backoff base: attempt n waits up to `baseDelayMs * 2^(n-1)`. */
  baseDelayMs: number;
  /** Cap of one backoff delay. */
  maxDelayMs: number;
  /** Cap of a `Retry-After` wait (a longer one is shortened to this). */
  maxRetryAfterMs: number;
}

/**
 * Defaults: 3 retries, 250 ms base, 8 s backoff cap, 60 s `Retry-After` cap.
 *
 * @example
 * ```ts
 * createAttioClient({ token, retry: { ...DEFAULT_RETRY, retries: 5 } });
 * ```
 */
export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
  retries: 3,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
});

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * Whether a method is idempotent per RFC 9110 §9.2.2 (POST and PATCH are not).
 *
 * @example
 * ```ts
 * isIdempotent('put'); // → true
 * ```
 */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/**
 * Full-jitter exponential backoff: a uniform random delay in `[0, min(maxDelayMs, baseDelayMs * 2^(attempt-1)))`.
 *
 * @example
 * ```ts
 * computeBackoff(3, DEFAULT_RETRY, () => 0.5); // → 500 (half of 250 * 2^2)
 * ```
 */
export function computeBackoff(
  attempt: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'> = DEFAULT_RETRY,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Input of {@link decideRetry}.
 *
 * @example
 * ```ts
 * decideRetry({ attempt: 2, method: 'GET', error, random: () => 0.5 });
 * ```
 */
export interface RetryInput {
  /** Attempts made so far, including the one that just failed (1 after the first failure). */
  attempt: number;
  method: string;
  /**
   * Overrides the method's RFC 9110 idempotency: `true` for a request whose duplicate is harmless
   * although its method is not idempotent (a webhook POST, say). Defaults to {@link isIdempotent}.
   */
  idempotent?: boolean;
  error: unknown;
  options?: RetryOptions;
  random?: () => number;
}

/**
 * Outcome of {@link decideRetry}. `sharedPause` means every request of the client must wait `delayMs`.
 *
 * @example
 * ```ts
 * const d: RetryDecision = decideRetry({ attempt, method, error });
 * if (d.retry) await sleep(d.delayMs);
 * ```
 */
export type RetryDecision =
  | { retry: false; reason: string }
  | { retry: true; delayMs: number; sharedPause: boolean; reason: string };

/**
 * Decides whether and when to retry a failed attempt.
 *
 * @example
 * ```ts
 * decideRetry({ attempt: 1, method: 'POST', error: rateLimitErrorWithRetryAfter2s });
 * // → { retry: true, delayMs: 2000, sharedPause: true, reason: 'rate limited (429), waiting Retry-After' }
 * decideRetry({ attempt: 1, method: 'POST', error: serverError503 });
 * // → { retry: false, reason: 'POST is not idempotent; not retrying ATTIO_SERVER_ERROR' }
 * ```
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const options = input.options ?? DEFAULT_RETRY;
  const { error, attempt } = input;
  const method = input.method.toUpperCase();
  if (!isAttioError(error)) return { retry: false, reason: 'not an Attio error' };
  if (attempt > options.retries)
    return { retry: false, reason: `gave up after ${attempt} attempts` };

  if (error.code === ErrorCode.RATE_LIMITED || error.status === 429) {
    if (error.retryAfterMs !== undefined) {
      const delayMs = Math.min(error.retryAfterMs, options.maxRetryAfterMs);
      return {
        retry: true,
        delayMs,
        sharedPause: true,
        reason: 'rate limited (429), waiting Retry-After',
      };
    }
    const delayMs = computeBackoff(attempt, options, input.random);
    return {
      retry: true,
      delayMs,
      sharedPause: true,
      reason: 'rate limited (429) without Retry-After, backing off',
    };
  }

  const transient =
    error.status === 408 ||
    (error.status !== undefined &&
      error.status >= 500 &&
      error.status !== 501 &&
      error.status !== 505) ||
    error.code === ErrorCode.CONNECTION ||
    error.code === ErrorCode.TIMEOUT;
  if (!transient) return { retry: false, reason: `${error.code} is not retryable` };
  if (!(input.idempotent ?? isIdempotent(method)))
    return {
      retry: false,
      reason: `${method} is not idempotent; not retrying ${error.code}`,
    };
  const delayMs = computeBackoff(attempt, options, input.random);
  return {
    retry: true,
    delayMs,
    sharedPause: false,
    reason: `${error.code} on idempotent ${method}, backing off`,
  };
}
