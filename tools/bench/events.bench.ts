/**
 * `npm run bench -- events`: the event delivery worker against a local receiver, on SQLite and
 * PostgreSQL. Everything runs in this process, as in the callback service: the store, the worker
 * (attio-events' deliverOnce through the SSRF-guarded agent, Standard Webhooks signatures) and a
 * receiver on 127.0.0.1 that verifies every 10th signature with the `standardwebhooks` package.
 *
 * Two figures per driver, targets ≥ 1,000 events/s and p99 ≤ 1 s:
 * - throughput: a backlog of events (BENCH_EVENTS, default 5,000, over 200 workspaces) appended first,
 *   then the worker started; events/s from the first delivery to the last;
 * - latency: the worker running, events committed at a steady rate (BENCH_RATE/s, default 500, for
 *   5 s), each followed by `notify()` as the app does after a change; commit → delivery p50/p99.
 * Baseline, same process and moment: plain POSTs to the same receiver with the same concurrency (no
 * store, no signing): what the HTTP path alone does on this machine right now.
 *
 * Options: --events=N, --rate=N, --concurrency=N (default 16, EVENT_DELIVERY_CONCURRENCY's default),
 * --skip-sqlite, --skip-postgres; TEST_DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { defaultSleep } from '@attio-auth/attio-core';
import {
  createDeliveryAgent,
  generateWebhookSecret,
  parseDestinations,
} from '@attio-auth/attio-events';
import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
  type ConnectionStore,
  type NewEvent,
} from '@attio-auth/connection-store';
import {
  attioEventsRetryPolicy,
  createDeliveryWorker,
  deliverWithAttioEvents,
  eventDestinations,
} from '@attio-auth/event-delivery';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';

const opt = (name: string, fallback: number): number => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const EVENTS = opt('events', Number(process.env['BENCH_EVENTS'] ?? 5_000));
const RATE = opt('rate', Number(process.env['BENCH_RATE'] ?? 500));
const CONCURRENCY = opt('concurrency', 16);
const WORKSPACES = 200;
const LATENCY_SECONDS = 5;
const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Receiver {
  url: string;
  arrivals: Map<string, number>;
  bad: number;
  posts: number;
  close(): Promise<void>;
}

async function startReceiver(secret: string): Promise<Receiver> {
  const verifier = new Webhook(secret);
  const arrivals = new Map<string, number>();
  const state = { bad: 0, posts: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.posts += 1;
      const id = String(req.headers['webhook-id'] ?? `plain-${state.posts}`);
      if (!arrivals.has(id)) arrivals.set(id, performance.now());
      if (req.headers['webhook-id'] && state.posts % 10 === 0) {
        try {
          verifier.verify(
            Buffer.concat(chunks).toString('utf8'),
            req.headers as Record<string, string>,
          );
        } catch {
          state.bad += 1;
        }
      }
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/attio`,
    arrivals,
    get bad() {
      return state.bad;
    },
    get posts() {
      return state.posts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** Plain POSTs with the same concurrency: the HTTP ceiling of this machine now. */
async function baseline(url: string, count: number): Promise<number> {
  let next = 0;
  const body = JSON.stringify({ id: 'evt_x', type: 'connection.created', data: {} });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next += 1;
        const res = await fetch(url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        });
        await res.arrayBuffer();
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

function newEvents(count: number, offset: number): NewEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const ws = `ws_${(offset + i) % WORKSPACES}`;
    return {
      type: 'health.broken',
      workspaceId: ws,
      data: { workspace_id: ws, new_status: 'revoked', reason: 'revoked' },
    };
  });
}

async function runDriver(name: string, store: ConnectionStore): Promise<void> {
  const secret = generateWebhookSecret();
  const receiver = await startReceiver(secret);
  const agent = createDeliveryAgent({
    production: false,
    allowLoopback: true,
    connections: CONCURRENCY,
  });
  const make = () =>
    createDeliveryWorker({
      outbox: store,
      destinations: eventDestinations(
        parseDestinations(
          JSON.stringify([{ id: 'bench', kind: 'standard', url: receiver.url, secrets: [secret] }]),
        ),
      ),
      owner: `bench-${randomBytes(3).toString('hex')}`,
      deliver: deliverWithAttioEvents({ agent, userAgent: 'events-bench' }),
      retryPolicy: attioEventsRetryPolicy(),
      sleep: defaultSleep,
      concurrency: CONCURRENCY,
    });
  try {
    const base = await baseline(receiver.url, 2_000);
    receiver.arrivals.clear();

    // Throughput: a backlog, then the worker.
    for (let i = 0; i < EVENTS; i += 500)
      await store.appendEvents(newEvents(Math.min(500, EVENTS - i), i));
    const backlog = make();
    const t0 = performance.now();
    backlog.start();
    while (receiver.arrivals.size < EVENTS) await defaultSleep(5);
    const elapsed = (performance.now() - t0) / 1000;
    await backlog.stop();
    const perSecond = EVENTS / elapsed;

    // Latency: commits at a steady rate while the worker runs, each followed by notify().
    receiver.arrivals.clear();
    const committed = new Map<string, number>();
    const live = make();
    live.start();
    const total = RATE * LATENCY_SECONDS;
    const startAt = performance.now();
    for (let i = 0; i < total; i += 1) {
      const due = startAt + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await defaultSleep(wait);
      const [event] = await store.appendEvents(newEvents(1, i));
      if (event) committed.set(event.id, performance.now());
      live.notify();
    }
    const deadline = performance.now() + 30_000;
    while (receiver.arrivals.size < total && performance.now() < deadline) await defaultSleep(5);
    await live.stop();
    const latencies = [...committed].map(
      ([id, at]) => (receiver.arrivals.get(id) ?? Number.NaN) - at,
    );
    const missing = latencies.filter((l) => Number.isNaN(l)).length;
    const sorted = latencies.filter((l) => !Number.isNaN(l)).sort((a, b) => a - b);
    const p50 = quantile(sorted, 0.5);
    const p99 = quantile(sorted, 0.99);

    console.log(
      `${name.padEnd(10)} throughput ${perSecond.toFixed(0).padStart(6)} events/s ` +
        `(${EVENTS} in ${elapsed.toFixed(2)} s; target ≥ 1,000: ${perSecond >= 1000 ? 'met' : 'NOT met'}) · ` +
        `baseline plain POSTs ${base.toFixed(0)}/s → ${(perSecond / base).toFixed(2)}× of the HTTP ceiling`,
    );
    console.log(
      `${''.padEnd(10)} latency at ${RATE}/s for ${LATENCY_SECONDS} s: p50 ${p50.toFixed(0)} ms, ` +
        `p99 ${p99.toFixed(0)} ms (target ≤ 1,000: ${p99 <= 1000 ? 'met' : 'NOT met'}), ` +
        `${missing} not delivered in time, ${receiver.bad} bad signatures of ${Math.floor(receiver.posts / 10)} verified`,
    );
  } finally {
    await agent.close();
    await receiver.close();
  }
}

async function main(): Promise<void> {
  console.log(
    `event delivery: ${EVENTS} backlog events over ${WORKSPACES} workspaces, concurrency ${CONCURRENCY}, ` +
      `latency phase ${RATE}/s × ${LATENCY_SECONDS} s; machine: ${availableParallelism()} cores, ` +
      `load average ${loadavg()[0]?.toFixed(1)} (figures on a loaded machine say little; compare the ratio)`,
  );
  const keys = parseKeyRing(generateKeyRingEntry('bench'));
  if (!process.argv.includes('--skip-sqlite')) {
    const dir = await mkdtemp(join(tmpdir(), 'events-bench-'));
    try {
      const sqlite = await openConnectionStore({
        databaseUrl: `sqlite:${join(dir, 'events.sqlite')}`,
        keyRing: keys,
      });
      try {
        await runDriver('SQLite', sqlite);
      } finally {
        await sqlite.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (process.argv.includes('--skip-postgres')) return;
  const schema = `events_bench_${randomBytes(4).toString('hex')}`;
  let store: ConnectionStore;
  try {
    store = await openConnectionStore({
      databaseUrl: PG_URL,
      keyRing: keys,
      schema,
      poolSize: CONCURRENCY + 4,
    });
  } catch (error) {
    console.log(`PostgreSQL skipped: ${(error as Error).message}`);
    return;
  }
  try {
    await runDriver('PostgreSQL', store);
  } finally {
    await store.close();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

await main();
