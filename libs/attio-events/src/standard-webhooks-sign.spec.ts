import { describe, expect, it } from '@jest/globals';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { signWebhook, signatureV1 } from './standard-webhooks-sign.js';
import { generateWebhookSecret } from './webhook-secret.js';

/** The reference library's verdict: the parsed payload, or the error message it throws. */
function verify(secret: string, body: string, headers: Record<string, string>): unknown {
  try {
    return new Webhook(secret).verify(body, headers);
  } catch (err) {
    if (err instanceof WebhookVerificationError) return `rejected: ${err.message}`;
    throw err;
  }
}

const SECRET_A = generateWebhookSecret();
const SECRET_B = generateWebhookSecret({ bytes: 64 });
const BODY = JSON.stringify({
  id: 'evt_1',
  type: 'health.broken',
  timestamp: '2026-01-05T10:00:00.000Z',
  data: {},
});

describe('signWebhook', () => {
  it('when signed with one secret, then the standardwebhooks package verifies it and returns the payload', () => {
    const headers = signWebhook({
      id: 'evt_1',
      nowMs: Date.now(),
      body: BODY,
      secrets: [SECRET_A],
    });
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verify(SECRET_A, BODY, { ...headers })).toEqual(JSON.parse(BODY));
  });

  it('when the clock is at 1614265330.9 s, then webhook-timestamp is the whole second "1614265330"', () => {
    const headers = signWebhook({
      id: 'm',
      nowMs: 1_614_265_330_900,
      body: '',
      secrets: [SECRET_A],
    });
    expect(headers['webhook-timestamp']).toBe('1614265330');
  });

  it('when the specification example is signed, then the signature equals the one the specification publishes', () => {
    expect(
      signatureV1(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('when a destination has two active secrets, then two space-separated signatures are sent and each secret verifies', () => {
    const headers = signWebhook({
      id: 'evt_2',
      nowMs: Date.now(),
      body: BODY,
      secrets: [SECRET_A, SECRET_B],
    });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verify(SECRET_A, BODY, { ...headers })).toEqual(JSON.parse(BODY));
    expect(verify(SECRET_B, BODY, { ...headers })).toEqual(JSON.parse(BODY));
  });

  it('when the body is changed after signing, then verification fails with "No matching signature found"', () => {
    const headers = signWebhook({
      id: 'evt_3',
      nowMs: Date.now(),
      body: BODY,
      secrets: [SECRET_A],
    });
    expect(verify(SECRET_A, BODY.replace('broken', 'recovered'), { ...headers })).toBe(
      'rejected: No matching signature found',
    );
  });

  it('when the receiver holds another secret, then verification fails with "No matching signature found"', () => {
    const headers = signWebhook({
      id: 'evt_4',
      nowMs: Date.now(),
      body: BODY,
      secrets: [SECRET_A],
    });
    expect(verify(SECRET_B, BODY, { ...headers })).toBe('rejected: No matching signature found');
  });

  it('when the signature is more than 5 minutes old, then verification fails with "Message timestamp too old"', () => {
    const headers = signWebhook({
      id: 'evt_5',
      nowMs: Date.now() - 6 * 60_000,
      body: BODY,
      secrets: [SECRET_A],
    });
    expect(verify(SECRET_A, BODY, { ...headers })).toBe('rejected: Message timestamp too old');
  });

  it('when the webhook-id is changed (a replay under another id), then verification fails with "No matching signature found"', () => {
    const headers = signWebhook({
      id: 'evt_6',
      nowMs: Date.now(),
      body: BODY,
      secrets: [SECRET_A],
    });
    expect(verify(SECRET_A, BODY, { ...headers, 'webhook-id': 'evt_7' })).toBe(
      'rejected: No matching signature found',
    );
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const)(
    'when the %s header is missing, then verification fails with "Missing required headers"',
    (header) => {
      const headers: Record<string, string> = {
        ...signWebhook({ id: 'evt_8', nowMs: Date.now(), body: BODY, secrets: [SECRET_A] }),
      };
      delete headers[header];
      expect(verify(SECRET_A, BODY, headers)).toBe('rejected: Missing required headers');
    },
  );

  it('when no secret is given, then it throws a RangeError saying to configure one', () => {
    expect(() => signWebhook({ id: 'x', nowMs: 0, body: '', secrets: [] })).toThrow(
      'signWebhook needs at least one secret; configure one for the destination.',
    );
  });

  it('when the second secret is malformed, then the error names "Secret 2" and not the value', () => {
    let message = '';
    try {
      signWebhook({ id: 'x', nowMs: 0, body: '', secrets: [SECRET_A, 'whsec_!!not-base64!!'] });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Secret 2 must be "whsec_" followed by standard base64/);
    expect(message).not.toContain('not-base64');
  });
});
