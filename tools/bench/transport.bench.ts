/**
 * `npm run bench -- transport`: the cost of attio-core's transport against the raw clients it could be.
 *
 * A local node:http server (in a child process, so it does not share this process's event loop) answers a fixed
 * `/v2/self` body. 20,000 GETs at concurrency 32 go through (1) raw `fetch`, (2) undici@7 `request`, and
 * (3) attio-core's client (rate limit off, retries on, timeouts on). Variants run interleaved for several rounds
 * (the machine is shared and noisy) and the best round of each is reported, with ratios vs the baselines.
 * Targets: attio-core ≥ 0.9× fetch and ≥ 0.75× undici.request.
 *
 * Options when run directly (`npm run tool -- tools/bench/transport.bench.ts --rounds 5`): `--requests N` (20000),
 * `--concurrency N` (32), `--rounds N` (3).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Agent, request as undiciRequest } from 'undici';
import { createAttioClient } from '@attio-auth/attio-core';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '3' },
  },
  allowPositionals: true,
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const TOKEN = 'bench_0123456789abcdef0123456789abcdef';

const SERVER_SOURCE = `
const http = require('node:http');
const body = JSON.stringify({
  active: true, scope: 'record_permission:read object_configuration:read user_management:read',
  client_id: 'cli_bench', token_type: 'Bearer', exp: null, iat: 1767225600, sub: 'ws_bench', aud: 'cli_bench',
  iss: 'attio.com', workspace_id: 'ws_bench', workspace_name: 'Bench', workspace_slug: 'bench',
  workspace_logo_url: null, authorized_by_workspace_member_id: 'wm_bench',
});
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
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

async function run(name: string, once1: () => Promise<unknown>, total: number): Promise<Result> {
  const latencies = new Float64Array(total);
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await once1();
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

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['-e', SERVER_SOURCE], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const base = `http://127.0.0.1:${chunk.toString().trim()}`;
  const url = `${base}/v2/self`;
  const headers = {
    authorization: `Bearer ${TOKEN}`,
    accept: 'application/json',
  };
  const undiciAgent = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  const client = createAttioClient({
    token: TOKEN,
    baseUrl: base,
    rateLimit: false,
  });

  const variants: [string, () => Promise<unknown>][] = [
    ['fetch', async () => (await fetch(url, { headers })).json()],
    [
      'undici.request',
      async () => (await undiciRequest(url, { headers, dispatcher: undiciAgent })).body.json(),
    ],
    ['attio-core', () => client.get('/v2/self')],
  ];

  console.log(
    `transport: ${REQUESTS} GET /v2/self at concurrency ${CONCURRENCY}, ${ROUNDS} interleaved rounds, best round shown`,
  );
  for (const [, fn] of variants) await run('warm-up', fn, 2000);
  const best = new Map<string, Result>();
  const all = new Map<string, number[]>();
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const [name, fn] of variants) {
      const r = await run(name, fn, REQUESTS);
      console.log(`  round ${round} ${name.padEnd(15)} ${r.rps.toFixed(0).padStart(7)} req/s`);
      all.set(name, [...(all.get(name) ?? []), r.rps]);
      const prev = best.get(name);
      if (!prev || r.rps > prev.rps) best.set(name, r);
    }
  }

  const median = (xs: number[]): number =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(
    '\n  variant         best req/s  median req/s   p50 ms   p99 ms  (latencies of the best round)',
  );
  for (const r of best.values()) {
    const med = median(all.get(r.name) ?? []);
    console.log(
      `  ${r.name.padEnd(15)} ${r.rps.toFixed(0).padStart(11)} ${med.toFixed(0).padStart(13)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)}`,
    );
  }
  const core = best.get('attio-core')?.rps ?? 0;
  const vsFetch = core / (best.get('fetch')?.rps ?? NaN);
  const vsUndici = core / (best.get('undici.request')?.rps ?? NaN);
  const medianRatio = (a: string, b: string): number =>
    median(all.get(a) ?? []) / median(all.get(b) ?? []);
  console.log(
    `\n  median ratios: attio-core / fetch = ${medianRatio('attio-core', 'fetch').toFixed(2)}x, attio-core / undici.request = ${medianRatio('attio-core', 'undici.request').toFixed(2)}x`,
  );
  console.log(
    `  attio-core / fetch          = ${vsFetch.toFixed(2)}x  (target >= 0.90) ${vsFetch >= 0.9 ? 'OK' : 'BELOW TARGET'}`,
  );
  console.log(
    `  attio-core / undici.request = ${vsUndici.toFixed(2)}x  (target >= 0.75) ${vsUndici >= 0.75 ? 'OK' : 'BELOW TARGET'}`,
  );

  await undiciAgent.close();
  child.kill();
}

await main();
