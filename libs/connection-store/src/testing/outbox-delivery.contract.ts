import { it, expect } from '@jest/globals';
import type { EventType, LeasedDelivery, StoredEvent } from '../store/outbox-types.js';
import type { ConnectionStore } from '../store/types.js';
import type { ContractEnv } from './contract-env.js';

const SECOND = 1_000;
const MINUTE = 60_000;

const ALL = { id: 'all', matches: () => true };
const HEALTH_ONLY = { id: 'health', matches: (e: StoredEvent) => e.type.startsWith('health.') };

/** Appends one event per entry ([workspace or null, type]), in order. */
async function append(
  store: ConnectionStore,
  entries: readonly [string | null, EventType][],
): Promise<StoredEvent[]> {
  return store.appendEvents(
    entries.map(([workspaceId, type]) => ({ type, workspaceId, data: { n: 1 } })),
  );
}

/** What a lease gave, as "destination:seq-index" pairs against the appended events. */
function names(leased: readonly LeasedDelivery[], events: readonly StoredEvent[]): string[] {
  return leased.map(
    (l) => `${l.delivery.destinationId}:${events.findIndex((e) => e.id === l.event.id)}`,
  );
}

async function lease(
  store: ConnectionStore,
  owner: string,
  destinationIds: readonly string[] = ['all'],
  limit = 100,
): Promise<LeasedDelivery[]> {
  return store.leaseDeliveries({ owner, limit, leaseMs: 30 * SECOND, destinationIds });
}

/** Fan-out, leases in order, attempts, dead letters, 410s, replay, queries and purge. */
export function describeOutboxDeliveryContract(env: ContractEnv): void {
  it('when events are fanned out, then each destination whose filter matches gets one pending delivery, and each event is fanned out once', async () => {
    const { store, clock } = await env.setup();
    const events = await append(store, [
      ['ws-1', 'connection.created'],
      ['ws-1', 'health.broken'],
    ]);
    const destinations = [ALL, HEALTH_ONLY];
    expect(await store.fanOutEvents({ limit: 1, destinations })).toBe(1);
    expect(await store.fanOutEvents({ limit: 10, destinations })).toBe(1);
    expect(await store.fanOutEvents({ limit: 10, destinations })).toBe(0);
    expect(
      (await store.listDeliveries(events[0]?.id as string)).map((d) => d.destinationId),
    ).toEqual(['all']);
    expect(await store.listDeliveries(events[1]?.id as string)).toEqual([
      {
        eventId: events[1]?.id,
        eventSeq: events[1]?.seq,
        destinationId: 'all',
        workspaceId: 'ws-1',
        state: 'pending',
        attempts: 0,
        firstAttemptAt: null,
        lastAttemptAt: null,
        nextAttemptAt: clock.now(),
        lastStatus: null,
        lastError: null,
        deliveredAt: null,
      },
      expect.objectContaining({ destinationId: 'health', state: 'pending' }),
    ]);
    expect(await store.countDeliveries()).toEqual({
      pending: 3,
      delivered: 0,
      dead: 0,
      disabled: 0,
    });
  });

  it('when deliveries are leased, then per destination and workspace only the oldest pending one is handed out, until it is delivered or dead', async () => {
    const { store, clock } = await env.setup();
    const events = await append(store, [
      ['ws-1', 'connection.created'],
      ['ws-2', 'connection.created'],
      ['ws-1', 'connection.deleted'],
      [null, 'attio.unreachable'],
      [null, 'attio.reachable'],
      ['ws-1', 'connection.restored'],
    ]);
    await store.fanOutEvents({ limit: 100, destinations: [ALL] });
    const first = await lease(store, 'w1');
    expect(names(first, events)).toEqual(['all:0', 'all:1', 'all:3']);
    // Leased by another owner: the next of the same workspace is still held back.
    expect(await lease(store, 'w2')).toEqual([]);
    const at = clock.now();
    for (const l of first.slice(0, 2)) {
      expect(
        await store.recordDelivery(l.event.id, 'all', 'w1', {
          outcome: 'delivered',
          status: 200,
          at,
        }),
      ).toBe(true);
    }
    // ws-1's second event waits for nothing now; the incident still holds back its successor.
    expect(names(await lease(store, 'w2'), events)).toEqual(['all:2']);
    await store.recordDelivery(events[2]?.id as string, 'all', 'w2', {
      outcome: 'delivered',
      status: 200,
      at,
    });
    const retryAt = new Date(at.getTime() + MINUTE);
    await store.recordDelivery(events[3]?.id as string, 'all', 'w1', {
      outcome: 'retry',
      status: 503,
      error: 'HTTP 503',
      at,
      retryAt,
    });
    // Retrying (not due yet) still holds back the next workspace-less event; ws-1 moves on.
    expect(names(await lease(store, 'w3'), events)).toEqual(['all:5']);
    await store.recordDelivery(events[5]?.id as string, 'all', 'w3', {
      outcome: 'delivered',
      status: 200,
      at,
    });
    clock.advance(MINUTE);
    expect(names(await lease(store, 'w3'), events)).toEqual(['all:3']);
    await store.recordDelivery(events[3]?.id as string, 'all', 'w3', {
      outcome: 'dead',
      status: 503,
      error: 'HTTP 503',
      at: clock.now(),
    });
    expect(names(await lease(store, 'w3'), events)).toEqual(['all:4']);
  });

  it('when a lease expires (its worker died), then another worker leases the delivery again, and the first one can no longer record it', async () => {
    const { store, clock } = await env.setup();
    const [event] = await append(store, [['ws-1', 'connection.created']]);
    await store.fanOutEvents({ limit: 10, destinations: [ALL] });
    expect((await lease(store, 'w1')).length).toBe(1);
    clock.advance(30 * SECOND - 1);
    expect(await lease(store, 'w2')).toEqual([]);
    clock.advance(1);
    const [again] = await lease(store, 'w2');
    expect(again?.event).toEqual(event);
    expect(again?.delivery.attempts).toBe(0);
    const at = clock.now();
    expect(
      await store.recordDelivery(event?.id as string, 'all', 'w1', {
        outcome: 'delivered',
        status: 200,
        at,
      }),
    ).toBe(false);
    expect(
      await store.recordDelivery(event?.id as string, 'all', 'w2', {
        outcome: 'delivered',
        status: 204,
        at,
      }),
    ).toBe(true);
    expect(
      await store.recordDelivery(event?.id as string, 'all', 'w2', {
        outcome: 'delivered',
        status: 204,
        at,
      }),
    ).toBe(false);
    expect(await store.listDeliveries(event?.id as string)).toEqual([
      expect.objectContaining({
        state: 'delivered',
        attempts: 1,
        firstAttemptAt: at,
        lastAttemptAt: at,
        deliveredAt: at,
        lastStatus: 204,
        nextAttemptAt: null,
      }),
    ]);
  });

  it('when several attempts are recorded in one call, then each is written as alone, a lost lease says false for that one only, and a 410 among them switches its destination off', async () => {
    const { store, clock } = await env.setup();
    const events = await append(store, [
      ['ws-1', 'connection.created'],
      ['ws-2', 'connection.created'],
      ['ws-3', 'connection.created'],
    ]);
    const HEALTH_ALL = { id: 'other', matches: () => true };
    await store.fanOutEvents({ limit: 10, destinations: [ALL, HEALTH_ALL] });
    const leased = await lease(store, 'w1', ['all', 'other']);
    expect(leased.length).toBe(6);
    const at = clock.now();
    const id = (i: number) => events[i]?.id as string;
    expect(
      await store.recordDeliveries('w1', [
        {
          eventId: id(0),
          destinationId: 'all',
          attempt: { outcome: 'delivered', status: 204, at },
        },
        {
          eventId: id(1),
          destinationId: 'all',
          attempt: {
            outcome: 'retry',
            status: 503,
            error: 'HTTP 503',
            at,
            retryAt: new Date(at.getTime() + 5 * SECOND),
          },
        },
        { eventId: id(2), destinationId: 'other', attempt: { outcome: 'gone', status: 410, at } },
      ]),
    ).toEqual([true, true, true]);
    expect(
      await store.recordDeliveries('w2', [
        {
          eventId: id(2),
          destinationId: 'all',
          attempt: { outcome: 'delivered', status: 204, at },
        },
      ]),
    ).toEqual([false]);
    expect(
      await store.recordDeliveries('w1', [
        {
          eventId: id(0),
          destinationId: 'all',
          attempt: { outcome: 'delivered', status: 204, at },
        },
        {
          eventId: id(2),
          destinationId: 'all',
          attempt: { outcome: 'delivered', status: 200, at },
        },
      ]),
    ).toEqual([false, true]);
    const states = async (i: number) =>
      (await store.listDeliveries(id(i))).map((d) => `${d.destinationId}:${d.state}:${d.attempts}`);
    expect(await states(0)).toEqual(['all:delivered:1', 'other:disabled:0']);
    expect(await states(1)).toEqual(['all:pending:1', 'other:disabled:0']);
    expect(await states(2)).toEqual(['all:delivered:1', 'other:disabled:1']);
    expect((await store.listDisabledDestinations()).map((d) => d.destinationId)).toEqual(['other']);
    expect(await store.recordDeliveries('w1', [])).toEqual([]);
  });

  it('when attempts fail, then each counts with its status and error, is due at retryAt, and a dead one is replayed as new with the same event id', async () => {
    const { store, clock } = await env.setup();
    const [event] = await append(store, [['ws-1', 'health.broken']]);
    const id = event?.id as string;
    await store.fanOutEvents({ limit: 10, destinations: [ALL] });
    const t0 = clock.now();
    await lease(store, 'w1');
    await store.recordDelivery(id, 'all', 'w1', {
      outcome: 'retry',
      status: null,
      error: 'ECONNREFUSED',
      at: t0,
      retryAt: new Date(t0.getTime() + 5 * SECOND),
    });
    clock.advance(5 * SECOND);
    const t1 = clock.now();
    await lease(store, 'w1');
    await store.recordDelivery(id, 'all', 'w1', {
      outcome: 'dead',
      status: 500,
      error: 'HTTP 500',
      at: t1,
    });
    expect(await store.listDeliveries(id)).toEqual([
      expect.objectContaining({
        state: 'dead',
        attempts: 2,
        firstAttemptAt: t0,
        lastAttemptAt: t1,
        nextAttemptAt: null,
        lastStatus: 500,
        lastError: 'HTTP 500',
      }),
    ]);
    expect((await store.listEvents({ deliveryState: 'dead' })).map((e) => e.id)).toEqual([id]);
    expect(await lease(store, 'w1')).toEqual([]);
    clock.advance(MINUTE);
    expect(await store.replayEvent(id)).toBe(1);
    expect(await store.replayEvent(id)).toBe(0);
    const [replayed] = await lease(store, 'w2');
    expect(replayed?.event.id).toBe(id);
    expect(replayed?.delivery).toMatchObject({
      state: 'pending',
      attempts: 0,
      firstAttemptAt: null,
      nextAttemptAt: clock.now(),
    });
    expect(await store.replayEvent('evt_unknown')).toBe(0);
  });

  it('when a destination answers 410 Gone, then that delivery and every pending one of the destination are disabled, it is recorded off, and nothing more is leased for it until enabled', async () => {
    const { store, clock } = await env.setup();
    const events = await append(store, [
      ['ws-1', 'connection.created'],
      ['ws-2', 'connection.created'],
      ['ws-1', 'health.broken'],
    ]);
    await store.fanOutEvents({ limit: 10, destinations: [ALL, HEALTH_ONLY] });
    const [first] = await lease(store, 'w1', ['all'], 1);
    const at = clock.now();
    expect(
      await store.recordDelivery(first?.event.id as string, 'all', 'w1', {
        outcome: 'gone',
        status: 410,
        at,
      }),
    ).toBe(true);
    expect(await store.listDisabledDestinations()).toEqual([
      { destinationId: 'all', disabledAt: at, status: 410 },
    ]);
    expect(await store.countDeliveries()).toEqual({
      pending: 1,
      delivered: 0,
      dead: 0,
      disabled: 3,
    });
    expect(names(await lease(store, 'w1', ['all', 'health']), events)).toEqual(['health:2']);
    // A later event for the switched-off destination is logged, disabled at once.
    const [later] = await append(store, [['ws-3', 'connection.created']]);
    await store.fanOutEvents({ limit: 10, destinations: [ALL] });
    expect((await store.listDeliveries(later?.id as string)).map((d) => d.state)).toEqual([
      'disabled',
    ]);
    expect(await store.enableDestination('all')).toBe(true);
    expect(await store.enableDestination('all')).toBe(false);
    expect(await store.listDisabledDestinations()).toEqual([]);
    expect(await store.replayEvent(later?.id as string, { destinationId: 'all' })).toBe(1);
    expect((await lease(store, 'w1')).map((l) => l.event.id)).toEqual([later?.id]);
    // By hand: the one pending (leased) delivery is disabled with it.
    expect(await store.disableDestination('all')).toBe(1);
    expect((await store.listDisabledDestinations())[0]?.status).toBeNull();
  });

  it('when several stores lease at once, then no delivery is leased twice and all are leased', async () => {
    const { store, db, keys, clock } = await env.setup();
    const entries: [string, EventType][] = [];
    for (let i = 0; i < 60; i += 1) entries.push([`ws-${i}`, 'connection.created']);
    await append(store, entries);
    await store.fanOutEvents({ limit: 100, destinations: [ALL] });
    const others = await Promise.all(
      [1, 2, 3].map(() => env.tracker.openOn(db, { keyRing: keys.ring, now: clock.now })),
    );
    const batches = await Promise.all(
      [store, ...others].map((s, i) => lease(s, `w${i}`, ['all'], 20)),
    );
    const ids = batches.flat().map((l) => l.event.id);
    expect(ids.length).toBe(60);
    expect(new Set(ids).size).toBe(60);
  });

  it('when several stores fan out at once, then every event gets exactly one delivery per destination', async () => {
    const { store, db, keys, clock } = await env.setup();
    const entries: [string, EventType][] = [];
    for (let i = 0; i < 40; i += 1) entries.push([`ws-${i % 5}`, 'health.broken']);
    const events = await append(store, entries);
    const other = await env.tracker.openOn(db, { keyRing: keys.ring, now: clock.now });
    const taken = await Promise.all(
      [store, other, store, other].map((s) => s.fanOutEvents({ limit: 15, destinations: [ALL] })),
    );
    expect(
      taken.reduce((a, b) => a + b, 0) +
        (await store.fanOutEvents({ limit: 100, destinations: [ALL] })),
    ).toBe(40);
    const rows = await db.rawQuery('SELECT COUNT(*) AS n FROM event_deliveries');
    expect(Number(rows[0]?.n)).toBe(events.length);
  });

  it('when events are listed, then newest come first, filters apply, and pages follow beforeSeq', async () => {
    const { store } = await env.setup();
    const events = await append(store, [
      ['ws-1', 'connection.created'],
      ['ws-2', 'connection.created'],
      ['ws-1', 'health.broken'],
    ]);
    const seqs = (list: StoredEvent[]) => list.map((e) => events.findIndex((x) => x.id === e.id));
    expect(seqs(await store.listEvents())).toEqual([2, 1, 0]);
    expect(seqs(await store.listEvents({ workspaceId: 'ws-1' }))).toEqual([2, 0]);
    expect(seqs(await store.listEvents({ type: 'connection.created', limit: 1 }))).toEqual([1]);
    expect(seqs(await store.listEvents({ beforeSeq: events[2]?.seq }))).toEqual([1, 0]);
    expect(await store.getEvent('evt_missing')).toBeUndefined();
    expect(await store.listDeliveries('evt_missing')).toEqual([]);
    const bad = await store.listEvents({ deliveryState: 'lost' as 'dead' }).then(
      () => 'listed',
      (err: Error) => err.message,
    );
    expect(bad).toBe('deliveryState must be one of pending, delivered, dead, disabled.');
  });

  it('when old events are purged, then only those fanned out with no pending delivery go, with their deliveries', async () => {
    const { store, clock } = await env.setup();
    const events = await append(store, [
      ['ws-1', 'connection.created'],
      ['ws-2', 'connection.created'],
      ['ws-3', 'connection.created'],
    ]);
    await store.fanOutEvents({ limit: 2, destinations: [ALL] });
    const leased = await lease(store, 'w1');
    await store.recordDelivery(leased[0]?.event.id as string, 'all', 'w1', {
      outcome: 'delivered',
      status: 200,
      at: clock.now(),
    });
    clock.advance(MINUTE);
    expect(await store.purgeEvents({ before: new Date(clock.now().getTime() - 2 * MINUTE) })).toBe(
      0,
    );
    expect(await store.purgeEvents({ before: clock.now() })).toBe(1);
    expect((await store.listEvents()).map((e) => e.id)).toEqual([events[2]?.id, events[1]?.id]);
    expect(await store.countDeliveries()).toEqual({
      pending: 1,
      delivered: 0,
      dead: 0,
      disabled: 0,
    });
  });

  it('when delivery input is invalid, then STORE_INPUT_INVALID names the field', async () => {
    const { store, clock } = await env.setup();
    const messages = await Promise.all(
      [
        store.fanOutEvents({ limit: 0, destinations: [] }),
        store.fanOutEvents({ limit: 1, destinations: [ALL, ALL] }),
        store.leaseDeliveries({ owner: '', limit: 1, leaseMs: 1, destinationIds: [] }),
        store.recordDelivery('evt_1', 'all', 'w1', {
          outcome: 'sent' as 'dead',
          status: 200,
          error: '',
          at: clock.now(),
        }),
        store.recordDelivery('evt_1', 'all', 'w1', {
          outcome: 'delivered',
          status: 42,
          at: clock.now(),
        }),
      ].map((p) =>
        (p as Promise<unknown>).then(
          () => 'ok',
          (err: Error & { code?: string }) => `${err.code}: ${err.message}`,
        ),
      ),
    );
    expect(messages).toEqual([
      expect.stringMatching(/^STORE_INPUT_INVALID: limit /),
      'STORE_INPUT_INVALID: destinations list "all" twice; ids must be unique.',
      expect.stringMatching(/^STORE_INPUT_INVALID: owner /),
      'STORE_INPUT_INVALID: attempt.outcome must be one of delivered, retry, dead, gone.',
      'STORE_INPUT_INVALID: attempt.status must be an HTTP status code (100–599) or null.',
    ]);
  });
}
