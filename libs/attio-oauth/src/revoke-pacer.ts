/**
 * Pacing for bulk revocations. Attio allows 50 `POST /oauth/revoke` requests per minute per IP address
 * (separate from the REST limits, docs/attio-api-notes.md "Revocation"), so deleting a few hundred
 * connections at once would hit 429s. The pacer is attio-core's `SlidingWindowThrottle` over a one-minute
 * window: a slot is reused only one window after the revoke that held it has completed, so no window of
 * arrivals at Attio ever holds more than the limit, whatever the network delay.
 */
import { defaultSleep, SlidingWindowThrottle, type RequestThrottle } from '@attio-auth/attio-core';

/**
 * A revocation budget: `perWindow` requests in any `windowMs`.
 *
 * @example
 * ```ts
 * const rate: RevokeRate = { perWindow: 50, windowMs: 60_000 };
 * ```
 */
export interface RevokeRate {
  readonly perWindow: number;
  readonly windowMs: number;
}

/**
 * Attio's documented revocation limit: 50 per minute (per IP address).
 *
 * @example
 * ```ts
 * revokeDuration(200, ATTIO_REVOKE_RATE); // → 180000
 * ```
 */
export const ATTIO_REVOKE_RATE: RevokeRate = Object.freeze({ perWindow: 50, windowMs: 60_000 });

/**
 * Options of {@link createRevokePacer}: a budget (default {@link ATTIO_REVOKE_RATE}) and the clock.
 *
 * @example
 * ```ts
 * const options: RevokePacerOptions = { perWindow: 5, windowMs: 500 };
 * ```
 */
export interface RevokePacerOptions extends Partial<RevokeRate> {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * A pacer to pass as `revokeToken({ pacer })`: every attempt waits for a slot, in arrival order. Share one
 * pacer across everything in the process that revokes (the limit is per IP, not per call site).
 *
 * @example
 * ```ts
 * const pacer = createRevokePacer();
 * await Promise.all(tokens.map((token) => revokeToken({ token, revokeUrl, pacer })));
 * ```
 */
export function createRevokePacer(options: RevokePacerOptions = {}): RequestThrottle {
  const { perWindow, windowMs } = checkRate(options);
  return new SlidingWindowThrottle(
    perWindow,
    { now: options.now ?? Date.now, sleep: options.sleep ?? defaultSleep },
    windowMs,
  );
}

/**
 * How long `count` paced revokes take at least, in milliseconds, for a CLI to print before it starts: the
 * first `perWindow` go at once, each further batch one window later. Each batch also waits for the
 * previous one's answers, so add about one request latency per window.
 *
 * @example
 * ```ts
 * revokeDuration(50); // → 0
 * revokeDuration(51); // → 60000
 * revokeDuration(20, { perWindow: 5, windowMs: 500 }); // → 1500
 * ```
 */
export function revokeDuration(count: number, rate: Partial<RevokeRate> = {}): number {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`count must be a whole number of tokens ≥ 0, got ${String(count)}.`);
  const { perWindow, windowMs } = checkRate(rate);
  return count === 0 ? 0 : (Math.ceil(count / perWindow) - 1) * windowMs;
}

function checkRate(rate: Partial<RevokeRate>): RevokeRate {
  const perWindow = rate.perWindow ?? ATTIO_REVOKE_RATE.perWindow;
  const windowMs = rate.windowMs ?? ATTIO_REVOKE_RATE.windowMs;
  if (!Number.isInteger(perWindow) || perWindow <= 0)
    throw new RangeError(`perWindow must be a positive whole number (Attio allows 50 per minute).`);
  if (!Number.isFinite(windowMs) || windowMs <= 0)
    throw new RangeError(`windowMs must be a positive number of milliseconds (Attio's is 60000).`);
  return { perWindow, windowMs };
}
