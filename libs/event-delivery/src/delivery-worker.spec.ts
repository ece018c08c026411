import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createDeliveryAgent, generateWebhookSecret } from '@attio-auth/attio-events';
import { fakeAttioToken } from '@attio-auth/connection-store/testing';
import { Webhook } from 'standardwebhooks';

import { parseDestinations } from '@attio-auth/attio-events';

import { attioEventsRetryPolicy, eventDestinations } from './attio-events-delivery.js';
import { createDeliveryWorker } from './delivery-worker.js';
import type { Sleep } from './wake-signal.js';

import { startSignedReceiver, type SignedReceiver } from './spec-support/signed-receiver.js';
import {
  drain,
  drivers,
  noSleep,
  openFixture,
  standardDestination,
  workerFor,
  type Fixture,
} from './spec-support/worker-fixture.js';

jest.setTimeout(60_000);

/** A real, abortable wait (only the two-worker test runs real loops). */
const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      },
      { once: true },
    );
  });

/** Resolves once `done()` holds (checked every 10 ms), or fails after 30 s. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 30_000) throw new Error('gave up waiting');
    await defaultSleep(10);
  }
}

describe.each(drivers())('delivery worker on $name', ({ name, harness, skip }) => {
  if (harness === undefined) {
    it.skip(skip ?? `skipped: ${name}`, () => undefined);
    return;
  }
  let fx: Fixture;
  let receiver: SignedReceiver;
  let secret: string;

  beforeEach(async () => {
    fx = await openFixture(harness);
    secret = generateWebhookSecret();
    receiver = await startSignedReceiver([secret]);
  });
  afterEach(async () => {
    await receiver.close();
    await fx.close();
  });
  afterAll(() => harness.cleanup());

  const install = (workspaceId: string, token = fakeAttioToken()) =>
    fx.store.saveConnection({
      workspaceId,
      workspaceName: `Name of ${workspaceId}`,
      scopes: ['record_permission:read'],
      token,
      owner: { tags: { team: 'sales' } },
    });

  it('when a connection is installed, then connection.created is delivered once, signed, without the token', async () => {
    const token = fakeAttioToken();
    await install('ws_1', token);
    const worker = workerFor(fx, [standardDestination('ops', receiver.url, [secret])]);

    const counts = await drain(worker);

    const [event] = await fx.store.listEvents({ workspaceId: 'ws_1' });
    expect(counts).toMatchObject({ delivered: 1, retried: 0, dead: 0, gone: 0 });
    expect(receiver.all.map((r) => [r.type, r.workspaceId, r.webhookId, r.verifiedWith])).toEqual([
      ['connection.created', 'ws_1', event?.id, 0],
    ]);
    const body = JSON.parse(receiver.all[0]?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({
      id: event?.id,
      type: 'connection.created',
      timestamp: event?.createdAt.toISOString(),
      data: { workspace_id: 'ws_1', workspace_name: 'Name of ws_1' },
    });
    expect(receiver.all[0]?.body).not.toContain(token);
    expect(await fx.store.listDeliveries(event?.id as string)).toMatchObject([
      { destinationId: 'ops', state: 'delivered', attempts: 1, lastStatus: 204, lastError: null },
    ]);
  });

  it('when a connection is deleted with its token revoked, then connection.deleted is delivered after created', async () => {
    await install('ws_1');
    await fx.store.softDeleteConnection('ws_1', { revoke: { outcome: 'revoked' } });
    const worker = workerFor(fx, [standardDestination('ops', receiver.url, [secret])]);

    await drain(worker);

    const types = receiver.delivered().map((r) => r.type);
    expect(types[0]).toBe('connection.created');
    expect(types).toContain('connection.deleted');
    expect(receiver.all.every((r) => r.verifiedWith === 0)).toBe(true);
  });

  it('when a destination has two secrets (rotation), then each one verifies the same delivery', async () => {
    const [oldSecret, newSecret] = [generateWebhookSecret(), generateWebhookSecret()];
    await install('ws_1');
    const worker = workerFor(fx, [
      standardDestination('ops', receiver.url, [oldSecret, newSecret]),
    ]);

    await drain(worker);

    const [got] = receiver.all;
    expect(got?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    for (const key of [oldSecret, newSecret]) {
      expect(new Webhook(key).verify(got?.body ?? '', got?.headers ?? {})).toMatchObject({
        type: 'connection.created',
      });
    }
    expect(() => new Webhook(secret).verify(got?.body ?? '', got?.headers ?? {})).toThrow(
      'No matching signature found',
    );
  });

  it('when the receiver answers 410, then the destination is switched off and gets nothing more', async () => {
    receiver.respond(() => ({ status: 410 }));
    await install('ws_1');
    const worker = workerFor(fx, [standardDestination('ops', receiver.url, [secret])]);

    const first = await drain(worker);
    await install('ws_2');
    await install('ws_1');
    await drain(worker);

    expect(first.gone).toBe(1);
    expect(receiver.all).toHaveLength(1);
    const [event] = await fx.store.listEvents({ workspaceId: 'ws_1', type: 'connection.created' });
    expect((await fx.store.listDeliveries(event?.id as string))[0]?.state).toBe('disabled');
  });

  it('when the receiver answers 503 with Retry-After, then the retry waits for it and then delivers', async () => {
    let answer: 'busy' | 'ok' = 'busy';
    receiver.respond(() =>
      answer === 'busy' ? { status: 503, headers: { 'retry-after': '120' } } : { status: 200 },
    );
    await install('ws_1');
    const worker = workerFor(fx, [standardDestination('ops', receiver.url, [secret])]);
    const start = fx.clock.now().getTime();

    await drain(worker);
    const [event] = await fx.store.listEvents({ workspaceId: 'ws_1' });
    const [pending] = await fx.store.listDeliveries(event?.id as string);
    fx.clock.advance(119_000);
    await drain(worker);
    const early = receiver.all.length;
    answer = 'ok';
    fx.clock.advance(1_000);
    await drain(worker);

    expect(pending).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 503 });
    expect(pending?.nextAttemptAt?.getTime()).toBe(start + 120_000);
    expect(pending?.lastError).toContain('HTTP 503');
    expect(early).toBe(1);
    expect(receiver.all.map((r) => r.status)).toEqual([503, 200]);
    expect(new Set(receiver.all.map((r) => r.webhookId)).size).toBe(1);
  });

  it('when the receiver fails past the max age, then the delivery is dead-lettered, and a replay delivers it', async () => {
    receiver.respond(() => ({ status: 500, body: 'receiver broke' }));
    await install('ws_1');
    const worker = workerFor(fx, [standardDestination('ops', receiver.url, [secret])], {
      maxAgeMs: 3_600_000,
    });
    const [event] = await fx.store.listEvents({ workspaceId: 'ws_1' });
    const id = event?.id as string;

    for (let i = 0; i < 40; i += 1) {
      await drain(worker);
      const [d] = await fx.store.listDeliveries(id);
      if (d?.state !== 'pending') break;
      fx.clock.set(d.nextAttemptAt as Date);
    }
    const [dead] = await fx.store.listDeliveries(id);
    receiver.respond(() => ({ status: 204 }));
    const requeued = await fx.store.replayEvent(id);
    await drain(worker);

    expect(dead).toMatchObject({ state: 'dead', lastStatus: 500 });
    expect(dead?.attempts).toBeGreaterThan(5);
    expect(dead?.lastError).toContain('HTTP 500');
    expect(requeued).toBe(1);
    expect((await fx.store.listDeliveries(id))[0]?.state).toBe('delivered');
    expect(new Set(receiver.all.map((r) => r.webhookId))).toEqual(new Set([id]));
  });

  it('when the receiver is down for 10 minutes, then afterwards it gets every event, in order per connection', async () => {
    let down = true;
    receiver.respond(() => (down ? 'destroy' : { status: 204 }));
    const worker = workerFor(fx, [standardDestination('ops', receiver.url, [secret])]);
    const end = fx.clock.now().getTime() + 10 * 60_000;
    let step = 0;
    // Changes keep coming while it is down; the worker keeps trying every 10 simulated seconds.
    while (fx.clock.now().getTime() < end) {
      const ws = `ws_${step % 3}`;
      if (step % 4 === 3) await fx.store.softDeleteConnection(ws, { revoke: null });
      else await install(ws);
      step += 1;
      await drain(worker);
      fx.clock.advance(10_000);
    }
    const refused = receiver.all.length;
    down = false;
    // Back up: let every pending retry come due (backoff is capped at 15 minutes).
    for (let i = 0; i < 10; i += 1) {
      fx.clock.advance(15 * 60_000);
      await drain(worker);
    }

    const events = [...(await fx.store.listEvents({ limit: 500 }))].reverse();
    const delivered = receiver.delivered();
    expect(refused).toBeGreaterThan(0);
    expect(new Set(delivered.map((r) => r.webhookId))).toEqual(new Set(events.map((e) => e.id)));
    expect(delivered.every((r) => r.verifiedWith === 0)).toBe(true);
    for (const ws of ['ws_0', 'ws_1', 'ws_2']) {
      const sent = delivered.filter((r) => r.workspaceId === ws).map((r) => r.webhookId);
      const committed = events.filter((e) => e.workspaceId === ws).map((e) => e.id);
      expect([...new Set(sent)]).toEqual(committed);
    }
  });

  it('when a production destination is plain http on loopback, then nothing is sent and the log says why', async () => {
    await install('ws_1');
    const agent = createDeliveryAgent({ production: true });
    const worker = workerFor({ ...fx, agent }, [
      standardDestination('ops', receiver.url, [secret]),
    ]);

    await drain(worker);
    await agent.close();

    const [event] = await fx.store.listEvents({ workspaceId: 'ws_1' });
    const [d] = await fx.store.listDeliveries(event?.id as string);
    expect(receiver.all).toHaveLength(0);
    expect(d).toMatchObject({ state: 'pending', attempts: 1, lastStatus: null });
    expect(d?.lastError).toContain('https');
  });

  it('when more deliveries are leased than the concurrency, then at most that many are sent at once and each is recorded once', async () => {
    for (let i = 0; i < 30; i += 1) await install(`ws_${i}`);
    let sending = 0;
    let most = 0;
    const worker = createDeliveryWorker({
      outbox: fx.store,
      destinations: eventDestinations(
        parseDestinations(JSON.stringify([standardDestination('ops', receiver.url, [secret])])),
      ),
      owner: 'worker-1',
      deliver: async () => {
        sending += 1;
        most = Math.max(most, sending);
        await defaultSleep(5);
        sending -= 1;
        return { kind: 'delivered', status: 204 };
      },
      retryPolicy: attioEventsRetryPolicy({ random: () => 0.5 }),
      now: () => fx.clock.now().getTime(),
      sleep: noSleep,
      concurrency: 3,
    });

    const first = await worker.runOnce();

    expect(first.leased).toBeGreaterThan(3);
    expect(most).toBe(3);
    const counts = await drain(worker);
    expect(first.delivered + counts.delivered).toBe(30);
    expect(await fx.store.countDeliveries()).toMatchObject({ delivered: 30, pending: 0 });
  });

  if (name === 'PostgreSQL') {
    it('when two workers share the outbox, then every event is sent exactly once (SKIP LOCKED)', async () => {
      for (let i = 0; i < 60; i += 1) await install(`ws_${i % 20}`);
      const entries = [standardDestination('ops', receiver.url, [secret])];
      const other = { ...fx, store: await fx.openAnother() };
      const sent = { 'worker-a': 0, 'worker-b': 0 };
      const start = (owner: 'worker-a' | 'worker-b', on: typeof fx) => {
        const worker = workerFor(on, entries, {
          owner,
          concurrency: 4,
          sleep: defaultSleep,
          pollMs: 10,
          onResult: (result) => {
            if (result === 'delivered') sent[owner] += 1;
          },
        });
        worker.start();
        return worker;
      };
      const workers = [start('worker-a', fx), start('worker-b', other)];

      await until(() => receiver.all.length >= 60);
      await Promise.all(workers.map((w) => w.stop()));

      const ids = receiver.all.map((r) => r.webhookId);
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
      expect(sent['worker-a'] + sent['worker-b']).toBe(60);
      expect(sent['worker-a']).toBeGreaterThan(0);
      expect(sent['worker-b']).toBeGreaterThan(0);
    });
  }
});
