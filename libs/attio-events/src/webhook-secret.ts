/**
 * Standard Webhooks signing secrets: `whsec_` + base64 of 24–64 random bytes
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#signing-secrets).
 * The prefix makes a leaked secret recognisable to secret scanners; the base64 part is the HMAC key.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { AttioEventsError, EventsErrorCode } from './events-error.js';

/**
 * Prefix of every signing secret.
 *
 * @example
 * ```ts
 * generateWebhookSecret().startsWith(WEBHOOK_SECRET_PREFIX); // → true
 * ```
 */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** Key sizes the specification allows (bytes after base64 decoding). */
export const WEBHOOK_SECRET_MIN_BYTES = 24;
export const WEBHOOK_SECRET_MAX_BYTES = 64;
const DEFAULT_BYTES = 32;

/** Canonical base64 (RFC 4648 §4) with padding; `Buffer.from(…, 'base64')` alone accepts almost anything. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes a `whsec_…` secret to its HMAC key, or throws an {@link AttioEventsError}
 * (`EVENTS_INVALID_SECRET`) that says what is wrong without echoing the secret. `label` names where the
 * secret came from (`destinations[0].secrets[1]`).
 *
 * @example
 * ```ts
 * decodeWebhookSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').length; // → 24
 * decodeWebhookSecret('abc', 'EVENTS_SECRET');
 * // throws: EVENTS_SECRET must start with "whsec_" (got a value of 3 characters). …
 * ```
 */
export function decodeWebhookSecret(secret: string, label = 'The webhook secret'): Buffer {
  const fix =
    'Generate one with generateWebhookSecret() or `openssl rand -base64 32` and prefix it with "whsec_".';
  const fail = (what: string): never => {
    throw new AttioEventsError(EventsErrorCode.INVALID_SECRET, `${label} ${what}. ${fix}`);
  };
  if (typeof secret !== 'string') return fail('must be a string');
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) {
    return fail(
      `must start with "${WEBHOOK_SECRET_PREFIX}" (got a value of ${secret.length} characters)`,
    );
  }
  const encoded = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  if (encoded === '' || !BASE64.test(encoded)) {
    return fail(
      `must be "${WEBHOOK_SECRET_PREFIX}" followed by standard base64 (A–Z, a–z, 0–9, +, /, = padding)`,
    );
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < WEBHOOK_SECRET_MIN_BYTES || key.length > WEBHOOK_SECRET_MAX_BYTES) {
    return fail(
      `decodes to ${key.length} bytes; it must decode to ${WEBHOOK_SECRET_MIN_BYTES}–${WEBHOOK_SECRET_MAX_BYTES} bytes`,
    );
  }
  return key;
}

/** Options of {@link generateWebhookSecret}. */
export interface GenerateWebhookSecretOptions {
  /** Key size in bytes, 24–64 (default 32). */
  readonly bytes?: number;
  /** Source of random bytes (default `crypto.randomBytes`). */
  readonly randomBytes?: (size: number) => Uint8Array;
}

/**
 * A new random signing secret, `whsec_` + base64 of `bytes` random bytes.
 *
 * @example
 * ```ts
 * generateWebhookSecret();             // → 'whsec_…' (44 base64 characters: 32 bytes)
 * generateWebhookSecret({ bytes: 64 }); // the largest key the specification allows
 * ```
 */
export function generateWebhookSecret(options: GenerateWebhookSecretOptions = {}): string {
  const size = options.bytes ?? DEFAULT_BYTES;
  if (
    !Number.isInteger(size) ||
    size < WEBHOOK_SECRET_MIN_BYTES ||
    size > WEBHOOK_SECRET_MAX_BYTES
  ) {
    throw new RangeError(
      `Webhook secret size must be an integer from ${WEBHOOK_SECRET_MIN_BYTES} to ${WEBHOOK_SECRET_MAX_BYTES} bytes (got ${String(size)}).`,
    );
  }
  const bytes = (options.randomBytes ?? nodeRandomBytes)(size);
  return WEBHOOK_SECRET_PREFIX + Buffer.from(bytes).toString('base64');
}
