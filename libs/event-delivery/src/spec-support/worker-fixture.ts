/**
 * A delivery worker on a real store (SQLite file or a fresh PostgreSQL schema) with a manual clock,
 * delivering through attio-events' guarded agent to real receivers on loopback.
 */
import {
  createDeliveryAgent,
  generateWebhookSecret,
  parseDestinations,
  type DeliveryAgent,
} from '@attio-auth/attio-events';
import type { ConnectionStore } from '@attio-auth/connection-store';
import {
  DEFAULT_TEST_DATABASE_URL,
  manualClock,
  postgresHarness,
  postgresReachable,
  ringWith,
  sqliteHarness,
  type ContractHarness,
  type ManualClock,
} from '@attio-auth/connection-store/testing';

import {
  attioEventsRetryPolicy,
  deliverWithAttioEvents,
  eventDestinations,
} from '../attio-events-delivery.js';
import { createDeliveryWorker, type DeliveryWorker } from '../delivery-worker.js';
import type { Sleep } from '../wake-signal.js';
import type { DeliveryResult, RunOnceResult } from '../worker-types.js';

const url = process.env['TEST_DATABASE_URL'] ?? DEFAULT_TEST_DATABASE_URL;

/** The drivers to run on: SQLite always; PostgreSQL when reachable (REQUIRE_PG=1: must be). */
export function drivers(): { name: string; harness?: ContractHarness; skip?: string }[] {
  const pg = postgresReachable(url);
  if (!pg && process.env['REQUIRE_PG'] === '1') {
    throw new Error(`REQUIRE_PG=1 but PostgreSQL is not reachable at ${new URL(url).host}`);
  }
  return [
    { name: 'SQLite', harness: sqliteHarness() },
    pg
      ? { name: 'PostgreSQL', harness: postgresHarness(url) }
      : { name: 'PostgreSQL', skip: `skipped: PostgreSQL not reachable at ${new URL(url).host}` },
  ];
}

/** A sleep that only ends when aborted: the tests drive `runOnce` and never wait on time. */
export const noSleep: Sleep = (_ms, signal) =>
  new Promise((_resolve, reject) =>
    signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
  );

export interface Fixture {
  store: ConnectionStore;
  clock: ManualClock;
  agent: DeliveryAgent;
  openAnother(): Promise<ConnectionStore>;
  close(): Promise<void>;
}

/** A fresh database, a store on it with a manual clock, and a loopback-allowing agent. */
export async function openFixture(harness: ContractHarness): Promise<Fixture> {
  const db = await harness.freshDatabase();
  const clock = manualClock();
  const keys = ringWith('k1');
  const stores: ConnectionStore[] = [];
  const open = async () => {
    const s = await harness.openStore(db, { keyRing: keys.ring, now: clock.now });
    stores.push(s);
    return s;
  };
  const store = await open();
  const agent = createDeliveryAgent({ production: false, allowLoopback: true });
  return {
    store,
    clock,
    agent,
    openAnother: open,
    async close() {
      await agent.close();
      await Promise.all(stores.map((s) => s.close()));
    },
  };
}

/** A `standard` destination JSON entry with fresh secrets. */
export function standardDestination(id: string, url: string, secrets = [generateWebhookSecret()]) {
  return { id, kind: 'standard', url, secrets };
}

/** A worker over `store` for the given destination entries (parsed as EVENT_DESTINATIONS is). */
export function workerFor(
  fx: Pick<Fixture, 'clock' | 'agent'> & { store: ConnectionStore },
  entries: readonly object[],
  options: {
    owner?: string;
    maxAgeMs?: number;
    concurrency?: number;
    leaseMs?: number;
    /** Real waits between polls (for tests of `start()`); default none (tests drive `runOnce`). */
    sleep?: Sleep;
    pollMs?: number;
    onResult?: (result: DeliveryResult, destinationId: string) => void;
  } = {},
): DeliveryWorker {
  return createDeliveryWorker({
    outbox: fx.store,
    destinations: eventDestinations(parseDestinations(JSON.stringify(entries))),
    owner: options.owner ?? 'worker-1',
    // Signatures carry the real time: standardwebhooks refuses timestamps 5 minutes off the wall clock.
    deliver: deliverWithAttioEvents({
      agent: fx.agent,
      userAgent: 'event-delivery-test',
      now: Date.now,
    }),
    retryPolicy: attioEventsRetryPolicy({ random: () => 0.5 }),
    now: () => fx.clock.now().getTime(),
    sleep: options.sleep ?? noSleep,
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.onResult ? { onResult: options.onResult } : {}),
    concurrency: options.concurrency ?? 8,
    leaseMs: options.leaseMs ?? 60_000,
    maxAgeMs: options.maxAgeMs ?? 24 * 3_600_000,
  });
}

/** Runs passes until one finds nothing to fan out or lease; returns the summed counts. */
export async function drain(worker: DeliveryWorker, maxPasses = 200): Promise<RunOnceResult> {
  const sum = { fannedOut: 0, leased: 0, delivered: 0, retried: 0, dead: 0, gone: 0 };
  for (let pass = 0; pass < maxPasses; pass += 1) {
    const r = await worker.runOnce();
    for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += r[key];
    if (r.leased === 0 && r.fannedOut === 0) return sum;
  }
  throw new Error(`the worker still had work after ${maxPasses} passes`);
}
