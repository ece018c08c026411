/**
 * Signing the Standard Webhooks way
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#signature-scheme):
 * the signed content is `${webhook-id}.${webhook-timestamp}.${body}`, the signature is base64 of
 * HMAC-SHA256 over it with the decoded secret, sent as `v1,<base64>`. A destination with two active
 * secrets (rotation) gets both signatures, space-separated, so a receiver that knows either one verifies.
 */
import { createHmac } from 'node:crypto';
import { decodeWebhookSecret } from './webhook-secret.js';

/** The three headers of a signed delivery. */
export interface WebhookHeaders {
  readonly 'webhook-id': string;
  /** Unix time in whole seconds, as a decimal string. */
  readonly 'webhook-timestamp': string;
  /** `v1,<base64>` per active secret, space-separated. */
  readonly 'webhook-signature': string;
}

/** Input of {@link signWebhook}. */
export interface SignWebhookInput {
  /** The message id: the event id, the same on every retry so receivers deduplicate. */
  readonly id: string;
  /** When this attempt is made, in milliseconds since the epoch (sent as whole seconds). */
  readonly nowMs: number;
  /** The exact body bytes that will be sent (a string is signed as UTF-8). */
  readonly body: string;
  /** One or two `whsec_…` secrets; each yields one signature. */
  readonly secrets: readonly string[];
}

/**
 * The `v1` signature of one message with one secret (base64, without the `v1,` prefix).
 *
 * @example
 * ```ts
 * signatureV1('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
 * // → 'g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' (the specification's example)
 * ```
 */
export function signatureV1(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
  label?: string,
): string {
  const key = decodeWebhookSecret(secret, label);
  return createHmac('sha256', key)
    .update(`${id}.${timestampSeconds}.${body}`, 'utf8')
    .digest('base64');
}

/**
 * The Standard Webhooks headers for one delivery attempt.
 *
 * @example
 * ```ts
 * const body = JSON.stringify(event);
 * const headers = signWebhook({ id: event.id, nowMs: Date.now(), body, secrets: destination.secrets });
 * await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
 * ```
 */
export function signWebhook(input: SignWebhookInput): WebhookHeaders {
  if (input.secrets.length === 0) {
    throw new RangeError(
      'signWebhook needs at least one secret; configure one for the destination.',
    );
  }
  const timestamp = Math.floor(input.nowMs / 1000);
  const signatures = input.secrets.map(
    (secret, i) => `v1,${signatureV1(secret, input.id, timestamp, input.body, `Secret ${i + 1}`)}`,
  );
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatures.join(' '),
  };
}
