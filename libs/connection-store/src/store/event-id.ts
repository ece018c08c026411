import { randomBytes } from 'node:crypto';

/** Crockford's base32 alphabet, as ULIDs use it (no I, L, O, U). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A new event id: `evt_` + 26 characters shaped like a ULID (10 characters of millisecond time, then
 * 16 of crypto-random bits), so ids sort by creation time and never collide in practice (80 random
 * bits per millisecond). Receivers use it as the Standard Webhooks `webhook-id` to drop duplicates.
 *
 * @example
 * ```ts
 * newEventId(Date.UTC(2026, 0, 15)); // 'evt_01KF…' (26 characters after the prefix)
 * ```
 */
export function newEventId(nowMs: number): string {
  let time = '';
  let t = Math.max(0, Math.trunc(nowMs));
  for (let i = 0; i < 10; i += 1) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = randomBytes(16);
  let tail = '';
  // 16 bytes, 5 bits used of each: 80 random bits in 16 characters.
  for (const byte of random) tail += ALPHABET[byte & 31];
  return `evt_${time}${tail}`;
}
