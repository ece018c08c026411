/**
 * The secrets suite's events pass: a store with connections (real tokens in it), and the event
 * delivery worker posting to destinations whose URLs carry credentials and a key in the query, one
 * of them a receiver that answers 500 echoing back every header and the whole body it got (its
 * error text is what the delivery log keeps). Captured: every log line of the worker, the event
 * and delivery rows as the admin views would show them, and the raw store (SQLite file or PG dump).
 * Known secrets: the tokens, the key ring, each webhook secret and its decoded key, the URL
 * password and query key.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

import {
  createDeliveryAgent,
  decodeWebhookSecret,
  generateWebhookSecret,
  parseDestinations,
} from '@attio-auth/attio-events';
import {
  attioEventsRetryPolicy,
  createDeliveryWorker,
  deliverWithAttioEvents,
  eventDestinations,
} from '@attio-auth/event-delivery';

import type { SuiteStore } from '../shared/suite-store.js';
import type { CapturedSource, KnownSecret } from './find-leaks.js';
import type { PassEvidence } from './sqlite-pass.js';

async function echoReceiver() {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // A hostile or careless receiver: everything it got, back in its error page.
      res.writeHead(500, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Runs the pass on `location` and returns what it captured.
 *
 * @example
 * ```ts
 * const evidence = await eventsPass(location, () => dumpOf(location));
 * ```
 */
export async function eventsPass(
  location: SuiteStore,
  rawStore: () => Promise<Buffer | string>,
): Promise<PassEvidence> {
  const sources: CapturedSource[] = [];
  const secrets: KnownSecret[] = [
    { label: `key ring (${location.driver})`, value: location.keys.split(':')[1] ?? '' },
  ];
  const unexpected: string[] = [];
  const receiver = await echoReceiver();
  const store = await location.open();
  const agent = createDeliveryAgent({ production: false, allowLoopback: true });
  try {
    for (let i = 0; i < 3; i += 1) {
      const token = randomBytes(32).toString('hex');
      secrets.push({ label: `access token of ws-ev-${i} (${location.driver})`, value: token });
      await store.saveConnection({
        workspaceId: `ws-ev-${i}`,
        scopes: ['record_permission:read'],
        token,
      });
    }
    await store.softDeleteConnection('ws-ev-0', { revoke: { outcome: 'revoked' } });
    const [s1, s2] = [generateWebhookSecret(), generateWebhookSecret()];
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const queryKey = `qk-${randomBytes(12).toString('hex')}`;
    for (const [label, value] of [
      ['webhook secret 1', s1],
      ['webhook secret 2', s2],
    ] as const) {
      secrets.push({ label: `${label} (${location.driver})`, value });
      secrets.push({
        label: `${label}, decoded key (${location.driver})`,
        value: decodeWebhookSecret(value).toString('base64'),
      });
    }
    secrets.push({ label: `destination URL password (${location.driver})`, value: password });
    secrets.push({ label: `destination URL query key (${location.driver})`, value: queryKey });
    secrets.push({
      label: `destination URL credentials as Basic auth (${location.driver})`,
      value: Buffer.from(`hook:${password}`).toString('base64'),
    });
    const url = `http://hook:${password}@127.0.0.1:${receiver.port}/echo?key=${queryKey}`;
    const logs: string[] = [];
    const logger = {
      info: (obj: object, msg?: string) =>
        logs.push(JSON.stringify({ level: 'info', msg, ...obj })),
      warn: (obj: object, msg?: string) =>
        logs.push(JSON.stringify({ level: 'warn', msg, ...obj })),
    };
    const worker = createDeliveryWorker({
      outbox: store,
      destinations: eventDestinations(
        parseDestinations(
          JSON.stringify([
            { id: 'echo', kind: 'standard', url, secrets: [s1, s2] },
            { id: 'echo-slack', kind: 'slack', url },
          ]),
        ),
      ),
      owner: 'secrets-suite',
      deliver: deliverWithAttioEvents({ agent, userAgent: 'secrets-suite' }),
      retryPolicy: attioEventsRetryPolicy(),
      sleep: () => Promise.resolve(),
      logger,
      maxAgeMs: 0, // dead at the first failure: the dead-letter path is covered too
    });
    for (let i = 0; i < 10; i += 1) {
      const r = await worker.runOnce();
      if (r.leased === 0 && r.fannedOut === 0) break;
    }
    const events = await store.listEvents({ limit: 500 });
    const deliveries = (await Promise.all(events.map((e) => store.listDeliveries(e.id)))).flat();
    if (
      deliveries.length === 0 ||
      deliveries.some((d) => d.state !== 'dead' || d.lastError === null)
    ) {
      unexpected.push(
        `events pass (${location.driver}): expected every delivery dead with an error, got ${deliveries.map((d) => d.state).join(',') || 'none'}`,
      );
    }
    sources.push({ name: `events pass log lines (${location.driver})`, content: logs.join('\n') });
    sources.push({
      name: `events as listed (${location.driver})`,
      content: JSON.stringify(events),
    });
    sources.push({
      name: `delivery log (${location.driver})`,
      content: JSON.stringify(deliveries),
    });
  } finally {
    await agent.close();
    await store.close();
    await receiver.close();
  }
  sources.push({
    name: `raw store after the events pass (${location.driver})`,
    content: await rawStore(),
  });
  return { sources, secrets, notes: [], unexpected };
}
