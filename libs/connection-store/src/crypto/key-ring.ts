import { randomBytes } from 'node:crypto';
import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';

/**
 * AES-256 needs exactly 32 bytes of key material.
 *
 * @example
 * ```ts
 * randomBytes(KEY_LENGTH_BYTES).toString('base64');
 * ```
 */
export const KEY_LENGTH_BYTES = 32;

/** Key ids end up in every row and in the additional authenticated data, so keep them short and plain. */
const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The encryption keys of the store: the first one encrypts new writes, every one can decrypt.
 * Key material lives in a private field so `console.log(keyRing)` or `JSON.stringify(keyRing)`
 * only ever shows key ids.
 *
 * @example
 * ```ts
 * const ring = parseKeyRing('k2:…base64…,k1:…base64…');
 * ring.activeKeyId; // 'k2'
 * ring.keyIds; // ['k2', 'k1']
 * ```
 */
export class KeyRing {
  readonly #keys: ReadonlyMap<string, Buffer>;
  /** The id of the key used for every new write. */
  readonly activeKeyId: string;
  /** All key ids, active first. */
  readonly keyIds: readonly string[];

  constructor(entries: ReadonlyArray<{ kid: string; key: Buffer }>) {
    if (entries.length === 0) {
      throw keyError('the key ring has no keys; pass at least one `kid:base64key` entry');
    }
    const keys = new Map<string, Buffer>();
    for (const { kid, key } of entries) {
      if (!KEY_ID_PATTERN.test(kid)) {
        throw keyError('a key id must be 1–64 characters of letters, digits, ".", "_" or "-"');
      }
      if (keys.has(kid))
        throw keyError(`key id "${kid}" appears twice; every key id must be unique`);
      if (key.length !== KEY_LENGTH_BYTES) {
        throw keyError(
          `key "${kid}" is ${key.length} bytes; AES-256-GCM needs exactly ${KEY_LENGTH_BYTES} bytes ` +
            '(generate one with `openssl rand -base64 32`)',
        );
      }
      keys.set(kid, Buffer.from(key));
    }
    this.#keys = keys;
    this.activeKeyId = entries[0].kid;
    this.keyIds = Object.freeze(entries.map((e) => e.kid));
    Object.freeze(this);
  }

  /** @internal The key for `kid`, or undefined. Only the token cipher calls this. */
  keyFor(kid: string): Buffer | undefined {
    return this.#keys.get(kid);
  }

  /** Only key ids, never key material. */
  toJSON(): { activeKeyId: string; keyIds: readonly string[] } {
    return { activeKeyId: this.activeKeyId, keyIds: this.keyIds };
  }
}

/**
 * Parses `kid:base64[,kid:base64…]` (the `TOKEN_ENCRYPTION_KEYS` format). The first entry is the active
 * key; list old keys after it until `rotateKeys()` has re-encrypted every row. Errors name the entry
 * position or key id and the problem, never the key material.
 *
 * @example
 * ```ts
 * const ring = parseKeyRing(`k1:${randomBytes(32).toString('base64')}`);
 * ```
 */
export function parseKeyRing(value: string): KeyRing {
  if (typeof value !== 'string' || value.trim() === '') {
    throw keyError('the key ring is empty; expected `kid:base64key[,kid:base64key…]`');
  }
  const entries = value.split(',').map((raw, index) => {
    const entry = raw.trim();
    const colon = entry.indexOf(':');
    if (colon <= 0 || colon === entry.length - 1) {
      throw keyError(`entry ${index + 1} is not of the form \`kid:base64key\``);
    }
    const kid = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!KEY_ID_PATTERN.test(kid)) {
      throw keyError(
        `entry ${index + 1} has an invalid key id; use 1–64 letters, digits, ".", "_" or "-"`,
      );
    }
    if (!BASE64_PATTERN.test(encoded)) {
      throw keyError(`key "${kid}" is not valid base64`);
    }
    return {
      kid,
      key: Buffer.from(
        encoded,
        encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64',
      ),
    };
  });
  return new KeyRing(entries);
}

/**
 * Generates a fresh `kid:base64key` entry (32 random bytes) to prepend to the key ring.
 *
 * @example
 * ```ts
 * const entry = generateKeyRingEntry('2026-11'); // '2026-11:…44 base64 characters…'
 * const ring = parseKeyRing(entry);
 * ```
 */
export function generateKeyRingEntry(kid = `k-${randomBytes(4).toString('hex')}`): string {
  if (!KEY_ID_PATTERN.test(kid)) {
    throw keyError('a key id must be 1–64 characters of letters, digits, ".", "_" or "-"');
  }
  return `${kid}:${randomBytes(KEY_LENGTH_BYTES).toString('base64')}`;
}

/** The start of every key-ring error message; the problem follows it. */
export const KEY_RING_ERROR_PREFIX = 'Invalid encryption key ring: ';

function keyError(problem: string): ConnectionStoreError {
  return new ConnectionStoreError(
    ConnectionStoreErrorCode.KEY_INVALID,
    `${KEY_RING_ERROR_PREFIX}${problem}.`,
  );
}
