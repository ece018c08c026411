/**
 * Event ids and event construction. Ids are `evt_` + a ULID (https://github.com/ulid/spec): 48 bits of
 * milliseconds then 80 random bits in Crockford base32, so ids are unique across instances without
 * coordination and sort by creation time, which keeps outbox rows and receiver logs readable.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { EventData, EventPayload, EventType } from './event-types.js';

/** Crockford's base32 alphabet (no I, L, O, U), as the ULID spec uses. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_BYTES = 10;
/** 2^48 - 1: the largest time a ULID can hold (year 10889). */
const MAX_TIME = 281_474_976_710_655;

/**
 * Prefix of every event id.
 *
 * @example
 * ```ts
 * createEventId().startsWith(EVENT_ID_PREFIX); // → true
 * ```
 */
export const EVENT_ID_PREFIX = 'evt_';

/** What {@link createEventId} may be given instead of the real clock and randomness (tests). */
export interface EventIdOptions {
  /** Milliseconds since the epoch (default `Date.now()`). */
  readonly nowMs?: number;
  /** Source of random bytes (default `crypto.randomBytes`). */
  readonly randomBytes?: (size: number) => Uint8Array;
}

function encodeTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIME) {
    throw new RangeError(`Event id time must be an integer between 0 and ${MAX_TIME} ms.`);
  }
  let out = '';
  let rest = ms;
  for (let i = 0; i < TIME_CHARS; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits → 16 characters of 5 bits each, most significant first.
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/**
 * A new event id: `evt_` + 26 ULID characters.
 *
 * @example
 * ```ts
 * createEventId();                      // → 'evt_01JDXR3Q4M8ZP6T2K9V5N7W3YB' (random part differs)
 * createEventId({ nowMs: 0, randomBytes: (n) => new Uint8Array(n) }); // → 'evt_00000000000000000000000000'
 * ```
 */
export function createEventId(options: EventIdOptions = {}): string {
  const bytes = (options.randomBytes ?? nodeRandomBytes)(RANDOM_BYTES);
  if (bytes.length !== RANDOM_BYTES) {
    throw new RangeError(`randomBytes(${RANDOM_BYTES}) returned ${bytes.length} bytes.`);
  }
  return EVENT_ID_PREFIX + encodeTime(options.nowMs ?? Date.now()) + encodeRandom(bytes);
}

/** Input of {@link createEvent}. */
export interface CreateEventInput {
  readonly type: EventType;
  readonly data: EventData;
  /** When the change happened, in milliseconds since the epoch. */
  readonly nowMs: number;
  /** An id chosen by the caller (default: a new {@link createEventId} at `nowMs`). */
  readonly id?: string;
}

/**
 * Builds an event payload. Pure apart from the id's randomness.
 *
 * @example
 * ```ts
 * const event = createEvent({
 *   type: 'health.broken',
 *   nowMs: Date.parse('2026-01-05T10:00:00Z'),
 *   data: { workspace_id: 'wsp_1', workspace_name: 'Acme', old_status: 'healthy', new_status: 'revoked' },
 * });
 * event.timestamp; // → '2026-01-05T10:00:00.000Z'
 * ```
 */
export function createEvent(input: CreateEventInput): EventPayload {
  return {
    id: input.id ?? createEventId({ nowMs: input.nowMs }),
    type: input.type,
    timestamp: new Date(input.nowMs).toISOString(),
    data: input.data,
  };
}
