import { ATTIO_REVOKE_RATE, revokeDuration } from '@attio-auth/attio-oauth';

/**
 * How long deleting `count` connections takes at least, in milliseconds, when every revoke is paced to
 * `perMinute` revokes per minute (default Attio's 50): print it before a bulk delete starts.
 *
 * @example
 * ```ts
 * estimateBulkDelete(200); // → 180000 (three more minutes after the first 50)
 * estimateBulkDelete(200, 100); // → 60000
 * ```
 */
export function estimateBulkDelete(
  count: number,
  perMinute: number = ATTIO_REVOKE_RATE.perWindow,
): number {
  return revokeDuration(count, { perWindow: perMinute, windowMs: ATTIO_REVOKE_RATE.windowMs });
}
