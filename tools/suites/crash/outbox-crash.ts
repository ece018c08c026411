/**
 * The crash suite's outbox case: events are appended to the store while a delivery worker (a real
 * child process running the event-delivery lib, as the apps do) posts them to a receiver that
 * verifies every signature with the `standardwebhooks` package; the worker is killed with SIGKILL
 * 20 times in the middle of its deliveries and started again. Then a last worker runs until the
 * outbox is empty. Checks: every event created is delivered at least once; a duplicate carries the
 * same webhook-id and the same body; none is invented; every signature verifies.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { defaultSleep } from '@attio-auth/attio-core';
import { generateWebhookSecret } from '@attio-auth/attio-events';
import { Webhook } from 'standardwebhooks';

import type { SuiteReport } from '../shared/suite-report.js';
import type { SuiteStore } from '../shared/suite-store.js';
import { spawnApp } from './service-process.js';

interface Arrival {
  id: string;
  body: string;
  verified: boolean;
}

async function startReceiver(secret: string, random: () => number) {
  const verifier = new Webhook(secret);
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = true;
      try {
        verifier.verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      arrivals.push({ id: String(req.headers['webhook-id'] ?? ''), body, verified });
      // A little latency keeps deliveries in flight when the kill lands.
      setTimeout(() => res.writeHead(204).end(), 2 + Math.floor(random() * 20));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/crash`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What the receiver got, compared with what was created. Pure.
 *
 * @example
 * ```ts
 * outboxViolations(['evt_1'], [{ id: 'evt_2', body: '{}', verified: true }]); // ['evt_1 never delivered', 'evt_2 invented']
 * ```
 */
export function outboxViolations(
  created: readonly string[],
  arrivals: readonly Arrival[],
): string[] {
  const problems: string[] = [];
  const known = new Set(created);
  const bodies = new Map<string, string>();
  for (const a of arrivals) {
    if (!a.verified) problems.push(`${a.id || '(no webhook-id)'}: signature did not verify`);
    if (!known.has(a.id)) problems.push(`${a.id || '(no webhook-id)'} invented (never created)`);
    const before = bodies.get(a.id);
    if (before !== undefined && before !== a.body)
      problems.push(`${a.id}: a duplicate with another body`);
    bodies.set(a.id, a.body);
  }
  for (const id of created) if (!bodies.has(id)) problems.push(`${id} never delivered`);
  return problems;
}

/**
 * Runs the case on one driver.
 *
 * @example
 * ```ts
 * await crashOutbox(report, location, { events: 400, kills: 20, random });
 * ```
 */
export async function crashOutbox(
  report: SuiteReport,
  location: SuiteStore,
  options: { events: number; kills: number; random: () => number },
): Promise<void> {
  const { driver } = location;
  const secret = generateWebhookSecret();
  const receiver = await startReceiver(secret, options.random);
  const store = await location.open();
  const created: string[] = [];
  const append = async (count: number) => {
    for (let i = 0; i < count; i += 1) {
      const n = created.length;
      const ws = `ws-crash-${n % 25}`;
      const [event] = await store.appendEvents([
        {
          type: 'health.broken',
          workspaceId: ws,
          data: { workspace_id: ws, new_status: 'revoked', seq: n },
        },
      ]);
      if (event) created.push(event.id);
    }
  };
  const env = {
    DATABASE_URL: location.databaseUrl,
    TOKEN_ENCRYPTION_KEYS: location.keys,
    EVENT_DESTINATIONS: JSON.stringify([
      { id: 'crash', kind: 'standard', url: receiver.url, secrets: [secret] },
    ]),
    CRASH_LEASE_MS: '1500',
  };
  const perRound = Math.max(1, Math.floor(options.events / (options.kills + 1)));
  const killedAfter: number[] = [];
  let finalOutput = '';
  const started = Date.now();
  try {
    for (let round = 0; round <= options.kills; round += 1) {
      await append(perRound);
      const worker = spawnApp('tools/suites/crash/outbox-worker.ts', [], env);
      if (round === options.kills) {
        const deadline = Date.now() + 120_000;
        const delivered = () => new Set(receiver.arrivals.map((a) => a.id));
        while (Date.now() < deadline && created.some((id) => !delivered().has(id)))
          await defaultSleep(50);
        worker.child.kill('SIGTERM');
        await Promise.race([worker.exited, defaultSleep(5_000)]);
        finalOutput = worker.output();
        break;
      }
      // Kill in the middle of the deliveries: after a random few more arrivals.
      const from = receiver.arrivals.length;
      const want = from + 1 + Math.floor(options.random() * perRound);
      let exited = false;
      void worker.exited.then(() => (exited = true));
      const deadline = Date.now() + 30_000;
      while (!exited && receiver.arrivals.length < want && Date.now() < deadline)
        await defaultSleep(2);
      worker.child.kill('SIGKILL');
      await worker.exited;
      killedAfter.push(receiver.arrivals.length - from);
    }
  } finally {
    await store.close();
    await receiver.close();
  }
  const ids = receiver.arrivals.map((a) => a.id);
  const duplicates = ids.length - new Set(ids).size;
  report.figure(
    `${driver}: outbox delivery killed ${killedAfter.length} times with SIGKILL`,
    `${created.length} events, ${ids.length} deliveries (${duplicates} duplicates, each with its event's webhook-id), ` +
      `arrivals per run before each kill: ${killedAfter.join(', ')}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  report.expectNone(
    `${driver}: the delivering process killed ${options.kills} times: every event delivered at least once, duplicates keep their webhook-id and body, none invented, every signature verifies`,
    [
      ...outboxViolations(created, receiver.arrivals),
      ...(killedAfter.length === options.kills ? [] : [`only ${killedAfter.length} kills`]),
      ...(/error/i.test(finalOutput) ? [`last worker said: ${finalOutput.slice(-300)}`] : []),
    ],
    `${created.length} events, ${ids.length} deliveries`,
  );
}
