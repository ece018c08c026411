/**
 * When to try a failed delivery again, as pure functions of the attempt count and the clock. Exponential
 * backoff with "full jitter" (a uniformly random delay between 0 and the exponential cap,
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/): many events failing at once
 * (a receiver restart) spread their retries instead of returning in waves. A receiver's `Retry-After`
 * wins when it asks for longer. An event older than the maximum age is dead-lettered.
 */

/** Backoff tuning; every field has a default. */
export interface BackoffPolicy {
  /** Delay cap of the first retry (default 1 s); doubles per attempt. */
  readonly baseMs?: number;
  /** Largest delay between two attempts (default 15 min). */
  readonly capMs?: number;
  /** Uniform random in [0, 1) (default `Math.random`). */
  readonly random?: () => number;
}

/** Defaults of {@link BackoffPolicy}. */
export const DEFAULT_BACKOFF = { baseMs: 1_000, capMs: 15 * 60_000 } as const;

/**
 * The delay before the next attempt after `attempts` failed ones (1 = the first attempt failed): uniform
 * in [0, min(cap, base × 2^(attempts − 1))].
 *
 * @example
 * ```ts
 * backoffDelayMs(1, { random: () => 0.5 });  // → 500
 * backoffDelayMs(30, { random: () => 0.999 }); // → 899100 (capped at 15 min)
 * ```
 */
export function backoffDelayMs(attempts: number, policy: BackoffPolicy = {}): number {
  const base = policy.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const cap = policy.capMs ?? DEFAULT_BACKOFF.capMs;
  const random = policy.random ?? Math.random;
  const exponent = Math.min(Math.max(attempts, 1) - 1, 52); // 2^52 already exceeds any cap
  const ceiling = Math.min(cap, base * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/** Input of {@link nextAttempt}. */
export interface NextAttemptInput extends BackoffPolicy {
  /** Failed attempts so far, including the one just made (≥ 1). */
  readonly attempts: number;
  /** When the first attempt was made (or the event was committed), ms since the epoch. */
  readonly firstAttemptAtMs: number;
  /** Now, ms since the epoch. */
  readonly nowMs: number;
  /** The receiver's `Retry-After`, if it sent one. */
  readonly retryAfterMs?: number;
  /** How long an event is retried before it is dead-lettered. */
  readonly maxAgeMs: number;
}

/** Retry at `retryAtMs`, or give up. */
export type NextAttempt =
  | { readonly retryAtMs: number }
  | { readonly deadLetter: true; readonly reason: 'max_age' | 'retry_after_beyond_max_age' };

/**
 * Decides the next attempt: the jittered backoff, or the receiver's `Retry-After` when larger. The last
 * retry is clamped to the end of the maximum age (one final try at the deadline); past it, or when the
 * receiver asks to wait beyond it, the event is dead-lettered.
 *
 * @example
 * ```ts
 * nextAttempt({ attempts: 1, firstAttemptAtMs: 0, nowMs: 0, maxAgeMs: 86_400_000, random: () => 0.5 });
 * // → { retryAtMs: 500 }
 * nextAttempt({ attempts: 9, firstAttemptAtMs: 0, nowMs: 86_400_000, maxAgeMs: 86_400_000 });
 * // → { deadLetter: true, reason: 'max_age' }
 * ```
 */
export function nextAttempt(input: NextAttemptInput): NextAttempt {
  const deadline = input.firstAttemptAtMs + input.maxAgeMs;
  if (input.nowMs >= deadline) return { deadLetter: true, reason: 'max_age' };
  const backoff = backoffDelayMs(input.attempts, input);
  const retryAfter = input.retryAfterMs ?? 0;
  if (retryAfter > backoff) {
    const at = input.nowMs + retryAfter;
    return at > deadline
      ? { deadLetter: true, reason: 'retry_after_beyond_max_age' }
      : { retryAtMs: at };
  }
  return { retryAtMs: Math.min(input.nowMs + backoff, deadline) };
}
