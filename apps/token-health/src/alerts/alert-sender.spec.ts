import { buildAlertPayload, type AlertPayload } from './alert-message.js';
import { createAlertSender } from './alert-sender.js';
import { startWebhookReceiver } from '../testing/webhook-receiver.js';

const payload: AlertPayload = buildAlertPayload({
  decision: { alert: true, kind: 'problem' },
  target: { kind: 'connection', workspaceId: 'ws_1', name: 'Acme' },
  previous: 'healthy',
  status: 'revoked',
  missingScopes: [],
  errorCode: null,
  detail: 'Attio says the token is no longer active.',
  consecutiveFailures: 0,
  checkedAt: new Date('2026-01-01T00:00:00Z'),
});

/**
 * Backoff sleeps (< 5 s here) return at once and are recorded; the 5 s drain bound only ends when
 * drain aborts it (rejecting, as attio-core's sleep does), so these tests never wait on a real timer.
 */
function fakeSleep(delays: number[]) {
  return (ms: number, signal?: AbortSignal) =>
    ms >= 5_000
      ? new Promise<void>((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true }),
        )
      : Promise.resolve(void delays.push(ms));
}
/** Full jitter pinned to half the ceiling: attempt n waits 500 ms * 2^(n-1) / 2. */
const half = () => 0.5;
const now = () => Date.parse('2026-12-01T10:00:00Z');

describe('createAlertSender', () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
  afterEach(async () => receiver?.close());

  it('when the webhook fails twice with 503 then accepts, then it is delivered on the third attempt with backoff', async () => {
    receiver = await startWebhookReceiver([503, 503]);
    const delays: number[] = [];
    const results: string[] = [];
    const sender = createAlertSender({
      url: receiver.url,
      fetch,
      sleep: fakeSleep(delays),
      now,
      random: half,
      retries: 4,
      onResult: (r) => results.push(r),
    });
    sender.send(payload);
    expect(await sender.drain(5_000)).toEqual({ delivered: 1, failed: 0, abandoned: 0 });
    expect(delays).toEqual([250, 500]);
    expect(results).toEqual(['delivered']);
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received[2]).toEqual({
      method: 'POST',
      path: '/hook',
      contentType: 'application/json',
      body: JSON.parse(JSON.stringify(payload)),
    });
  });

  it('when the webhook answers 429 with Retry-After in seconds, then the wait honours it', async () => {
    receiver = await startWebhookReceiver([429]);
    const delays: number[] = [];
    const sender = createAlertSender({
      url: receiver.url,
      fetch,
      sleep: fakeSleep(delays),
      now,
      random: half,
      retries: 2,
    });
    sender.send(payload);
    expect(await sender.drain(5_000)).toEqual({ delivered: 1, failed: 0, abandoned: 0 });
    expect(delays).toEqual([2_000]);
  });

  it('when the webhook answers 429 with Retry-After as an HTTP date, then it waits until that date', async () => {
    receiver = await startWebhookReceiver([
      { status: 429, headers: { 'retry-after': 'Tue, 01 Dec 2026 10:00:03 GMT' } },
      { status: 503, headers: { 'retry-after': 'Tue, 01 Dec 2026 10:00:01 GMT' } },
    ]);
    const delays: number[] = [];
    const sender = createAlertSender({
      url: receiver.url,
      fetch,
      sleep: fakeSleep(delays),
      now,
      random: half,
      retries: 3,
    });
    sender.send(payload);
    expect(await sender.drain(5_000)).toEqual({ delivered: 1, failed: 0, abandoned: 0 });
    // 429: exactly the date minus now; 503: backoff (Retry-After is honoured on 429 only).
    expect(delays).toEqual([3_000, 500]);
    expect(receiver.received).toHaveLength(3);
  });

  it('when the webhook answers 400, then it is not retried and counts as failed', async () => {
    receiver = await startWebhookReceiver([400]);
    const reasons: Array<string | undefined> = [];
    const sender = createAlertSender({
      url: receiver.url,
      fetch,
      sleep: fakeSleep([]),
      now,
      retries: 4,
      onResult: (_r, _p, reason) => reasons.push(reason),
    });
    sender.send(payload);
    expect(await sender.drain(5_000)).toEqual({ delivered: 0, failed: 1, abandoned: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(reasons).toEqual(['webhook answered HTTP 400']);
  });

  it.each([302, 307])(
    'when the webhook answers %i to another receiver, then the redirect is not followed and the delivery failed',
    async (status) => {
      const second = await startWebhookReceiver();
      try {
        const target = new URL(second.url);
        target.username = 'ops';
        target.password = 'hunter2';
        target.search = '?token=sk_live_secret';
        receiver = await startWebhookReceiver([{ status, headers: { location: target.href } }]);
        const reasons: Array<string | undefined> = [];
        const sender = createAlertSender({
          url: receiver.url,
          fetch,
          sleep: fakeSleep([]),
          now,
          retries: 4,
          onResult: (r, _p, reason) => reasons.push(`${r}: ${reason}`),
        });
        sender.send(payload);
        expect(await sender.drain(5_000)).toEqual({ delivered: 0, failed: 1, abandoned: 0 });
        expect(receiver.received).toHaveLength(1);
        expect(second.received).toEqual([]);
        expect(reasons).toEqual([
          `failed: webhook answered HTTP ${status}: redirect to http://***@${target.host}/hook?*** not followed`,
        ]);
      } finally {
        await second.close();
      }
    },
  );

  it('when a redirect has a relative location, then the reason shows it without its query', async () => {
    receiver = await startWebhookReceiver([
      { status: 301, headers: { location: '/moved?sig=abc#frag' } },
    ]);
    const reasons: Array<string | undefined> = [];
    const sender = createAlertSender({
      url: receiver.url,
      fetch,
      sleep: fakeSleep([]),
      now,
      retries: 2,
      onResult: (_r, _p, reason) => reasons.push(reason),
    });
    sender.send(payload);
    expect(await sender.drain(5_000)).toEqual({ delivered: 0, failed: 1, abandoned: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(reasons).toEqual(['webhook answered HTTP 301: redirect to /moved?*** not followed']);
  });

  it('when the webhook hangs past the drain bound, then the delivery is abandoned and drain returns', async () => {
    receiver = await startWebhookReceiver(['hang']);
    const sender = createAlertSender({
      url: receiver.url,
      fetch,
      // The drain bound "passes" as soon as the request has reached the receiver.
      sleep: async () => {
        while (receiver?.received.length === 0) await new Promise((r) => setImmediate(r));
      },
      now,
      retries: 3,
    });
    sender.send(payload);
    expect(await sender.drain(1)).toEqual({ delivered: 0, failed: 0, abandoned: 1 });
  });

  it('when nothing was sent, then drain resolves at once with zero counts', async () => {
    const sender = createAlertSender({
      url: 'http://127.0.0.1:9/x',
      fetch,
      sleep: () => new Promise(() => undefined),
      now,
      retries: 1,
    });
    expect(await sender.drain(10_000)).toEqual({ delivered: 0, failed: 0, abandoned: 0 });
  });
});
