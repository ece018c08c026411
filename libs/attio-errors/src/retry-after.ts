/**
 * `Retry-After` (RFC 9110 §10.2.3) is either delay-seconds or an HTTP-date. Attio sends an HTTP date on
 * every 429 (usually the next second, https://docs.attio.com/rest-api/guides/rate-limiting); proxies send seconds.
 */

/**
 * Converts a `Retry-After` value to milliseconds from `nowMs` (never negative). Returns `undefined` for a
 * missing or unparseable value so the caller falls back to its own backoff.
 *
 * @example
 * ```ts
 * parseRetryAfter('2', Date.now());                                   // → 2000
 * parseRetryAfter('Tue, 23 May 2023 14:42:01 GMT', Date.parse('Tue, 23 May 2023 14:42:00 GMT')); // → 1000
 * parseRetryAfter('soon', Date.now());                                // → undefined
 * ```
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  // delay-seconds is 1*DIGIT; decimals are accepted leniently (some proxies send them).
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const ms = Math.round(Number(trimmed) * 1000);
    return Number.isFinite(ms) ? ms : undefined;
  }
  // HTTP-date (IMF-fixdate, or the obsolete RFC 850 / asctime forms Date.parse also understands).
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
