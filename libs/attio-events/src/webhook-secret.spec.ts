import { describe, expect, it } from '@jest/globals';
import { AttioEventsError } from './events-error.js';
import { decodeWebhookSecret, generateWebhookSecret } from './webhook-secret.js';

function errorOf(fn: () => unknown): AttioEventsError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AttioEventsError) return err;
    throw err;
  }
  throw new Error('expected an AttioEventsError');
}

describe('generateWebhookSecret', () => {
  it('when called without options, then it returns whsec_ and 44 base64 characters that decode to 32 bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(decodeWebhookSecret(secret)).toHaveLength(32);
  });

  it('when given fixed random bytes, then the secret is their base64', () => {
    expect(
      generateWebhookSecret({ bytes: 24, randomBytes: (n) => new Uint8Array(n).fill(255) }),
    ).toBe('whsec_////////////////////////////////');
  });

  it('when called twice, then the secrets differ', () => {
    expect(generateWebhookSecret()).not.toBe(generateWebhookSecret());
  });

  it.each([23, 65, 32.5])(
    'when asked for %s bytes, then it throws a RangeError naming the allowed range',
    (bytes) => {
      expect(() => generateWebhookSecret({ bytes })).toThrow(
        `Webhook secret size must be an integer from 24 to 64 bytes (got ${bytes}).`,
      );
    },
  );
});

describe('decodeWebhookSecret', () => {
  it('when the secret is 64 bytes, then it decodes', () => {
    expect(decodeWebhookSecret(generateWebhookSecret({ bytes: 64 }))).toHaveLength(64);
  });

  it('when the prefix is missing, then the error gives the length, not the value', () => {
    const err = errorOf(() =>
      decodeWebhookSecret('c2VjcmV0LXZhbHVlLXRoYXQtaXMtbG9uZy1lbm91Z2g=', 'EVENTS_SECRET'),
    );
    expect(err.code).toBe('EVENTS_INVALID_SECRET');
    expect(err.message).toBe(
      'EVENTS_SECRET must start with "whsec_" (got a value of 44 characters). Generate one with generateWebhookSecret() or `openssl rand -base64 32` and prefix it with "whsec_".',
    );
  });

  it('when the part after the prefix is not base64, then the error says so without the value', () => {
    const err = errorOf(() => decodeWebhookSecret('whsec_abc$def=='));
    expect(err.message).toMatch(/^The webhook secret must be "whsec_" followed by standard base64/);
    expect(err.message).not.toContain('abc$def');
  });

  it('when the key is 16 bytes, then the error gives the decoded size and the allowed range', () => {
    const err = errorOf(() =>
      decodeWebhookSecret(`whsec_${Buffer.alloc(16, 7).toString('base64')}`),
    );
    expect(err.message).toMatch(
      /^The webhook secret decodes to 16 bytes; it must decode to 24–64 bytes\./,
    );
  });

  it('when the secret is only the prefix, then it is refused as not base64', () => {
    expect(errorOf(() => decodeWebhookSecret('whsec_')).message).toMatch(
      /followed by standard base64/,
    );
  });
});
