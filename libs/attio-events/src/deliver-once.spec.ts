import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { LookupAddress } from 'node:dns';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { createEvent } from './create-event.js';
import { deliverOnce, type DeliverOnceOptions, type DeliveryOutcome } from './deliver-once.js';
import type { Destination } from './destinations.js';
import { createDeliveryAgent, type DeliveryAgent } from './guarded-lookup.js';
import { checkDestinationUrl, type HostLookup } from './ssrf-guard.js';
import {
  closedPort,
  startWebhookReceiver,
  type ReceivedRequest,
  type WebhookReceiver,
} from './testing/index.js';
import { generateWebhookSecret } from './webhook-secret.js';

const S1 = generateWebhookSecret();
const S2 = generateWebhookSecret();
const TOKEN = 'sk_live_0123456789abcdefTOKEN';

let receiver: WebhookReceiver;
let agent: DeliveryAgent;
/** Every outcome produced in this file. */
const outcomes: DeliveryOutcome[] = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  agent = createDeliveryAgent({ production: false, allowLoopback: true });
});

afterAll(async () => {
  await agent.close();
  await receiver.close();
});

afterEach(() => {
  receiver.respondWith(() => ({ status: 204 }));
});

/** Whole seconds, so Retry-After dates convert exactly. */
const NOW = Math.floor(Date.now() / 1000) * 1000;

const event = createEvent({
  type: 'health.broken',
  nowMs: NOW,
  data: {
    workspace_id: 'wsp_1',
    workspace_name: 'Acme <!channel>',
    old_status: 'healthy',
    new_status: 'revoked',
  },
});

const standard = (url = `${receiver.url}/hook`): Destination => ({
  id: 'sync',
  kind: 'standard',
  url,
  secrets: [S1, S2],
  events: ['*'],
});

async function deliver(overrides: Partial<DeliverOnceOptions> = {}): Promise<DeliveryOutcome> {
  const outcome = await deliverOnce({
    destination: standard(),
    event,
    agent,
    nowMs: () => NOW,
    timeoutMs: 5_000,
    userAgent: 'attio-auth-test/1.0',
    ...overrides,
  } as DeliverOnceOptions);
  outcomes.push(outcome);
  // Every outcome of every test: no signing secret, whole or as its base64 key.
  for (const secret of [S1, S2, S1.slice(6), S2.slice(6)])
    expect(JSON.stringify(outcome)).not.toContain(secret);
  return outcome;
}

/** The reference library's verdict on a received request with one secret. */
function verifyWith(secret: string, req: ReceivedRequest): unknown {
  try {
    return new Webhook(secret).verify(req.body, { ...req.headers });
  } catch (err) {
    if (err instanceof WebhookVerificationError) return `rejected: ${err.message}`;
    throw err;
  }
}

/** The last request arrived, and both active secrets verify it as the event. */
function expectSignedDelivery(countBefore: number): ReceivedRequest {
  expect(receiver.requests).toHaveLength(countBefore + 1);
  const req = receiver.requests[countBefore];
  expect(req.method).toBe('POST');
  expect(req.path).toBe('/hook');
  expect(req.headers['content-type']).toBe('application/json');
  expect(req.headers['user-agent']).toBe('attio-auth-test/1.0');
  expect(req.headers['webhook-id']).toBe(event.id);
  expect(req.headers['webhook-timestamp']).toBe(String(NOW / 1000));
  expect(verifyWith(S1, req)).toEqual(event);
  expect(verifyWith(S2, req)).toEqual(event);
  expect(verifyWith(generateWebhookSecret(), req)).toBe('rejected: No matching signature found');
  return req;
}

const port = () => new URL(receiver.url).port;

describe('deliverOnce to a standard destination', () => {
  it('when the receiver answers 200, then the outcome is delivered and the signature verifies with both secrets', async () => {
    receiver.respondWith(() => ({ status: 200, body: 'ok' }));
    const before = receiver.requests.length;
    expect(await deliver()).toEqual({ kind: 'delivered', status: 200, durationMs: 0 });
    expectSignedDelivery(before);
  });

  it('when the receiver answers 204, then the outcome is delivered 204', async () => {
    const before = receiver.requests.length;
    expect(await deliver()).toEqual({ kind: 'delivered', status: 204, durationMs: 0 });
    expectSignedDelivery(before);
  });

  it('when the receiver answers 410, then the outcome is gone (disable the destination)', async () => {
    receiver.respondWith(() => ({ status: 410, body: 'unsubscribed' }));
    const before = receiver.requests.length;
    expect(await deliver()).toEqual({
      kind: 'gone',
      status: 410,
      error: `sync (http://127.0.0.1:${port()}/…) answered HTTP 410 Gone: unsubscribed; the destination is to be disabled until it is reconfigured`,
      durationMs: 0,
    });
    expectSignedDelivery(before);
  });

  it('when the receiver answers 500 with Retry-After in seconds, then the outcome is retry with that delay', async () => {
    receiver.respondWith(() => ({ status: 500, headers: { 'retry-after': '7' }, body: 'boom' }));
    const before = receiver.requests.length;
    expect(await deliver()).toEqual({
      kind: 'retry',
      status: 500,
      retryAfterMs: 7_000,
      error: `sync (http://127.0.0.1:${port()}/…) answered HTTP 500: boom`,
      durationMs: 0,
    });
    expectSignedDelivery(before);
  });

  it('when the receiver answers 503 with Retry-After as an HTTP date, then the delay is counted from the injected clock', async () => {
    const at = new Date(NOW + 30_000).toUTCString();
    receiver.respondWith(() => ({ status: 503, headers: { 'retry-after': at } }));
    const before = receiver.requests.length;
    expect(await deliver()).toEqual({
      kind: 'retry',
      status: 503,
      retryAfterMs: 30_000,
      error: `sync (http://127.0.0.1:${port()}/…) answered HTTP 503`,
      durationMs: 0,
    });
    expectSignedDelivery(before);
  });

  it('when the receiver answers 302, then the redirect is not followed and the outcome is retry', async () => {
    receiver.respondWith((req) =>
      req.path === '/hook'
        ? { status: 302, headers: { location: `${receiver.url}/elsewhere` } }
        : { status: 200 },
    );
    const before = receiver.requests.length;
    expect(await deliver()).toEqual({
      kind: 'retry',
      status: 302,
      error: `sync (http://127.0.0.1:${port()}/…) answered HTTP 302 with a redirect, which is not followed; configure the final URL`,
      durationMs: 0,
    });
    expectSignedDelivery(before);
    expect(receiver.requests.map((r) => r.path)).not.toContain('/elsewhere');
  });

  it('when the receiver answers 400, then the outcome is retry (only 410 stops deliveries)', async () => {
    receiver.respondWith(() => ({ status: 400, body: '{"error":"bad"}' }));
    const before = receiver.requests.length;
    expect(await deliver()).toMatchObject({ kind: 'retry', status: 400 });
    expectSignedDelivery(before);
  });

  it('when the receiver never answers, then the attempt stops at the timeout and the outcome is retry', async () => {
    receiver.respondWith(() => 'hang');
    const before = receiver.requests.length;
    expect(await deliver({ timeoutMs: 300 })).toEqual({
      kind: 'retry',
      error: `sync (http://127.0.0.1:${port()}/…): no response within 300 ms`,
      durationMs: 0,
    });
    expectSignedDelivery(before);
  });

  it('when the receiver drops the connection, then the outcome is retry with the socket error', async () => {
    receiver.respondWith(() => 'destroy');
    const outcome = await deliver();
    expect(outcome).toMatchObject({ kind: 'retry' });
    expect(outcome.kind === 'retry' && outcome.error).toMatch(
      new RegExp(
        `^sync \\(http://127\\.0\\.0\\.1:${port()}/…\\): connection closed before a response \\(\\w+\\)$`,
      ),
    );
  });

  it('when nothing listens on the port, then the outcome is retry "connection refused"', async () => {
    const closed = await closedPort();
    expect(await deliver({ destination: standard(`http://127.0.0.1:${closed}/hook`) })).toEqual({
      kind: 'retry',
      error: `sync (http://127.0.0.1:${closed}/…): connection refused (is the receiver running?)`,
      durationMs: 0,
    });
  });

  it('when the same event is delivered twice (a retry), then both requests carry the same webhook-id', async () => {
    const before = receiver.requests.length;
    await deliver();
    await deliver({ nowMs: () => NOW + 2_000 });
    const [first, second] = receiver.requests.slice(before);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.headers['webhook-timestamp']).toBe(String(NOW / 1000 + 2));
    expect(verifyWith(S1, second)).toEqual(event);
  });
});

describe('deliverOnce to a slack destination', () => {
  it('when delivered, then the body is { text } with the rendered, escaped line and no signature headers', async () => {
    const before = receiver.requests.length;
    const destination: Destination = {
      id: 'ops-slack',
      kind: 'slack',
      url: `${receiver.url}/hook`,
      secrets: [],
      events: ['*'],
    };
    expect(await deliver({ destination })).toEqual({
      kind: 'delivered',
      status: 204,
      durationMs: 0,
    });
    const req = receiver.requests[before];
    expect(JSON.parse(req.body)).toEqual({
      text: ':red_circle: Acme &lt;!channel&gt; (wsp_1) is revoked (was healthy). Ask the workspace to reinstall the app (or issue a new access token).',
    });
    expect(req.headers['webhook-signature']).toBeUndefined();
  });
});

describe('deliverOnce and the SSRF guard', () => {
  /** A resolver that answers the given addresses in turn (the last one repeats). */
  const answers = (...list: string[]): HostLookup => {
    let i = 0;
    return async () => [
      { address: list[Math.min(i++, list.length - 1)], family: 4 } as LookupAddress,
    ];
  };

  it('when production refuses http, then nothing is sent and the outcome is refused https_required', async () => {
    const prodAgent = createDeliveryAgent({ production: true, allowLoopback: true });
    const before = receiver.requests.length;
    try {
      expect(await deliver({ agent: prodAgent })).toEqual({
        kind: 'refused',
        reason: 'https_required',
        error: `sync (http://127.0.0.1:${port()}/…): In production a destination URL must use https:; change the URL or the receiver.`,
        durationMs: 0,
      });
    } finally {
      await prodAgent.close();
    }
    expect(receiver.requests).toHaveLength(before);
  });

  it('when a host name resolves to loopback and loopback is not allowed, then the connection is refused', async () => {
    const guarded = createDeliveryAgent({ production: false, lookup: answers('127.0.0.1') });
    const before = receiver.requests.length;
    try {
      const outcome = await deliver({
        agent: guarded,
        destination: standard(`http://events.test:${port()}/hook`),
      });
      expect(outcome).toEqual({
        kind: 'refused',
        reason: 'loopback',
        error: `sync (http://events.test:${port()}/…): The destination host resolves to a loopback address (127.0.0.1), which is refused. Allow loopback destinations in the configuration only for tests and demos.`,
        durationMs: 0,
      });
    } finally {
      await guarded.close();
    }
    expect(receiver.requests).toHaveLength(before);
  });

  it('when a host name resolves to loopback and loopback is allowed, then the event is delivered there', async () => {
    const guarded = createDeliveryAgent({
      production: false,
      allowLoopback: true,
      lookup: answers('127.0.0.1'),
    });
    const before = receiver.requests.length;
    try {
      const outcome = await deliver({
        agent: guarded,
        destination: standard(`http://events.test:${port()}/hook`),
      });
      expect(outcome).toEqual({ kind: 'delivered', status: 204, durationMs: 0 });
    } finally {
      await guarded.close();
    }
    expect(receiver.requests[before].headers['host']).toBe(`events.test:${port()}`);
  });

  it('when DNS answers a public address to the check and loopback to the connect (rebinding), then nothing is sent', async () => {
    const lookup = answers('93.184.215.14', '127.0.0.1');
    const url = `http://rebind.test:${port()}/hook`;
    expect((await checkDestinationUrl(url, { production: false, lookup })).ok).toBe(true);
    const guarded = createDeliveryAgent({ production: false, lookup });
    const before = receiver.requests.length;
    try {
      expect(await deliver({ agent: guarded, destination: standard(url) })).toMatchObject({
        kind: 'refused',
        reason: 'loopback',
      });
    } finally {
      await guarded.close();
    }
    expect(receiver.requests).toHaveLength(before);
  });

  it('when a fetch is injected, then the URL is checked first and a 302 is still not followed', async () => {
    receiver.respondWith((req) =>
      req.path === '/hook'
        ? { status: 307, headers: { location: `${receiver.url}/elsewhere` } }
        : { status: 200 },
    );
    const before = receiver.requests.length;
    const viaFetch = {
      agent: undefined,
      fetch: globalThis.fetch,
      policy: { production: false, allowLoopback: true },
    };
    expect(await deliver(viaFetch)).toMatchObject({ kind: 'retry', status: 307 });
    expectSignedDelivery(before);
    expect(receiver.requests.map((r) => r.path)).not.toContain('/elsewhere');
    const refused = { ...viaFetch, policy: { production: false } };
    expect(await deliver(refused)).toMatchObject({ kind: 'refused', reason: 'loopback' });
    expect(receiver.requests).toHaveLength(before + 1);
  });
});

describe('secrets in outcomes', () => {
  it('when the receiver echoes secrets, tokens and the URL back, then the error text holds none of them', async () => {
    const url = `http://user:hunter2pass@127.0.0.1:${port()}/hook/T0SECRETPATH?key=querysecret`;
    receiver.respondWith(() => ({
      status: 500,
      body: `from ${url} see https://x.example/a?sig=zzz, got ${S1} and ${S2.slice(6)}, Authorization: Bearer ${TOKEN}, token=${TOKEN}`,
    }));
    const outcome = await deliver({ destination: standard(url) });
    expect(outcome).toMatchObject({ kind: 'retry', status: 500 });
    const text = JSON.stringify(outcome);
    for (const secret of [
      S1,
      S1.slice(6),
      S2.slice(6),
      TOKEN,
      'hunter2pass',
      'T0SECRETPATH',
      'querysecret',
      'sig=zzz',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(outcome.kind === 'retry' && outcome.error).toContain(
      `sync (http://127.0.0.1:${port()}/…) answered HTTP 500: from `,
    );
  });

  it('when one attempt of each outcome kind is made, then no serialised outcome contains a signing secret', async () => {
    const closed = await closedPort();
    const replies = [
      { status: 200 },
      { status: 410 },
      { status: 503, headers: { 'retry-after': '1' } },
      { status: 301 },
    ];
    const kinds: string[] = [];
    for (const reply of replies) {
      receiver.respondWith(() => reply);
      kinds.push((await deliver()).kind);
    }
    kinds.push((await deliver({ destination: standard(`http://127.0.0.1:${closed}/hook`) })).kind);
    kinds.push((await deliver({ destination: standard(`ftp://127.0.0.1:${closed}/hook`) })).kind);
    expect(kinds).toEqual(['delivered', 'gone', 'retry', 'retry', 'retry', 'refused']);
    const all = JSON.stringify(outcomes);
    for (const secret of [S1, S2, S1.slice(6), S2.slice(6)]) expect(all).not.toContain(secret);
  });
});
