/**
 * `npm run bench -- delivery`: the cost of one signed, SSRF-guarded delivery attempt against a plain POST.
 *
 * A local node:http receiver (in a child process, so it does not share this process's event loop) answers 204.
 * POSTs of the same event body go through (1) undici@7 `request` on a plain Agent (the baseline: no signature,
 * no guard), (2) attio-events' `deliverOnce` to a `standard` destination with two secrets (rotation: two HMACs)
 * on the guarded agent, and (3) `deliverOnce` to a `slack` destination (text rendering, no signature).
 * Variants run interleaved for several rounds (the machine is shared and noisy); the best round of each is
 * reported with ratios vs the baseline. Then signing alone: `signWebhook` per second vs `JSON.stringify`.
 * Target: deliverOnce (standard) ≥ 1,000 deliveries/s, the events target; the ratio to the plain POST shows what
 * signing, the guard and the per-attempt timeout cost (about half of a bare loopback POST on this machine, far
 * above the target, so the secrets are decoded per attempt rather than cached).
 *
 * Options: `--requests=N` (5000), `--concurrency=N` (16), `--rounds=N` (3).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Agent, request as undiciRequest } from 'undici';
import {
  createDeliveryAgent,
  createEvent,
  deliverOnce,
  generateWebhookSecret,
  signWebhook,
  type Destination,
} from '@attio-auth/attio-events';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
  },
  allowPositionals: true,
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);

const SERVER_SOURCE = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(204); res.end(); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
}

async function run(name: string, one: () => Promise<unknown>, total: number): Promise<Result> {
  const latencies = new Float64Array(total);
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await one();
      latencies[i] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = performance.now() - started;
  latencies.sort();
  const pct = (p: number): number =>
    latencies[Math.min(total - 1, Math.floor((p / 100) * total))] ?? NaN;
  return { name, rps: (total / elapsed) * 1000, p50: pct(50), p99: pct(99) };
}

function opsPerSecond(fn: () => unknown, iterations: number): number {
  for (let i = 0; i < 1000; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (iterations / (performance.now() - t0)) * 1000;
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['-e', SERVER_SOURCE], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const url = `http://127.0.0.1:${chunk.toString().trim()}/hook`;

  const event = createEvent({
    type: 'health.broken',
    nowMs: Date.now(),
    data: {
      workspace_id: 'wsp_bench',
      workspace_name: 'Bench',
      owner: { tags: { team: 'sales' } },
      old_status: 'healthy',
      new_status: 'revoked',
    },
  });
  const body = JSON.stringify(event);
  const secrets = [generateWebhookSecret(), generateWebhookSecret()];
  const standard: Destination = { id: 'bench', kind: 'standard', url, secrets, events: ['*'] };
  const slack: Destination = { id: 'bench-slack', kind: 'slack', url, secrets: [], events: ['*'] };
  const plain = new Agent({ connections: CONCURRENCY });
  const agent = createDeliveryAgent({
    production: false,
    allowLoopback: true,
    connections: CONCURRENCY,
  });
  const common = { event, agent, nowMs: Date.now, timeoutMs: 10_000, userAgent: 'bench' };

  const variants: [string, () => Promise<unknown>][] = [
    [
      'undici POST',
      async () =>
        (
          await undiciRequest(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            dispatcher: plain,
          })
        ).body.text(),
    ],
    [
      'deliverOnce std',
      async () => {
        const o = await deliverOnce({ ...common, destination: standard });
        if (o.kind !== 'delivered') throw new Error(`not delivered: ${o.kind}`);
      },
    ],
    ['deliverOnce slk', () => deliverOnce({ ...common, destination: slack })],
  ];

  console.log(
    `delivery: ${REQUESTS} POSTs per variant at concurrency ${CONCURRENCY}, ${ROUNDS} interleaved rounds, best round shown`,
  );
  for (const [, fn] of variants) await run('warm-up', fn, 500);
  const best = new Map<string, Result>();
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const [name, fn] of variants) {
      const r = await run(name, fn, REQUESTS);
      console.log(`  round ${round} ${name.padEnd(16)} ${r.rps.toFixed(0).padStart(7)} req/s`);
      const prev = best.get(name);
      if (!prev || r.rps > prev.rps) best.set(name, r);
    }
  }
  console.log('\n  variant          best req/s   p50 ms   p99 ms  (latencies of the best round)');
  for (const r of best.values()) {
    console.log(
      `  ${r.name.padEnd(16)} ${r.rps.toFixed(0).padStart(10)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)}`,
    );
  }
  const std = best.get('deliverOnce std')?.rps ?? 0;
  const ratio = std / (best.get('undici POST')?.rps ?? NaN);
  console.log(`\n  deliverOnce (standard, 2 secrets) / plain POST = ${ratio.toFixed(2)}x`);
  console.log(
    `  deliverOnce (standard) = ${std.toFixed(0)} deliveries/s  (target >= 1000) ${std >= 1000 ? 'OK' : 'BELOW TARGET'}`,
  );

  const n = 50_000;
  const stringify = opsPerSecond(() => JSON.stringify(event), n);
  const sign1 = opsPerSecond(
    () => signWebhook({ id: event.id, nowMs: Date.now(), body, secrets: [secrets[0]] }),
    n,
  );
  const sign2 = opsPerSecond(
    () => signWebhook({ id: event.id, nowMs: Date.now(), body, secrets }),
    n,
  );
  console.log(
    `\n  signing alone: JSON.stringify ${stringify.toFixed(0)}/s, signWebhook 1 secret ${sign1.toFixed(0)}/s (${(sign1 / stringify).toFixed(2)}x), 2 secrets ${sign2.toFixed(0)}/s (${(sign2 / stringify).toFixed(2)}x)`,
  );

  await plain.close();
  await agent.close();
  child.kill();
}

await main();
