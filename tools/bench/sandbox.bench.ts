/**
 * Sandbox throughput: `GET /v2/self` requests/second on the sandbox (rate limits off) beside a bare
 * `node:http` server returning the same body with the same headers, measured in the same run with
 * alternating rounds. The machine is shared and noisy, so the headline is the median of per-round ratios
 * (each round measures both servers back to back, so load drift between rounds cancels out).
 * The load generator runs in a worker thread so it does not share the servers' event loop.
 * Target: sandbox ≥ 0.6 × bare, so the sandbox is never the bottleneck of another benchmark.
 *
 * `npm run bench -- sandbox` or `npm run tool -- tools/bench/sandbox.bench.ts [--requests 20000] [--rounds 5]`
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { Pool } from 'undici';
import { startSandbox } from '@attio-auth/attio-sandbox';

const { values } = parseArgs({
  args: isMainThread ? process.argv.slice(2) : [],
  options: {
    requests: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '9' },
    connections: { type: 'string', default: '32' },
  },
});
const REQUESTS = Number(values.requests);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);
const TARGET = 0.6;

/** Fires `total` GETs over `connections` keep-alive connections; returns requests/second. */
async function measure(origin: string, token: string, total: number): Promise<number> {
  const pool = new Pool(origin, { connections: CONNECTIONS, pipelining: 1 });
  const headers = { authorization: `Bearer ${token}` };
  let issued = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (issued < total) {
        issued += 1;
        const res = await pool.request({
          path: '/v2/self',
          method: 'GET',
          headers,
        });
        await res.body.text();
        if (res.statusCode !== 200) failures += 1;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.close();
  if (failures > 0)
    throw new Error(`${origin}: ${failures} of ${total} requests did not answer 200`);
  return total / seconds;
}

interface Job {
  readonly origin: string;
  readonly token: string;
  readonly total: number;
}

function bareServer(body: string): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function inWorker(worker: Worker, job: Job): Promise<number> {
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { rate?: number; error?: string }) =>
      m.error !== undefined ? reject(new Error(m.error)) : resolve(m.rate ?? 0),
    );
    worker.postMessage(job);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (n: number) => n.toFixed(0).padStart(7);

/**
 * admin.createToken × n (the token-health benchmark makes 10,000) against its unavoidable part, the
 * CSPRNG + SHA-256 per token, measured back to back.
 */
function createTokensFigure(sandbox: Awaited<ReturnType<typeof startSandbox>>, n: number): void {
  const workspaceId = sandbox.fixtures.workspaces[0].id;
  for (let i = 0; i < 1000; i++) {
    createHash('sha256').update(randomBytes(32).toString('hex')).digest('hex');
    sandbox.admin.createToken({ workspaceId, scopes: [] }); // warm-up (JIT)
  }
  let t = process.hrtime.bigint();
  for (let i = 0; i < n; i++)
    createHash('sha256').update(randomBytes(32).toString('hex')).digest('hex');
  const baseMs = Number(process.hrtime.bigint() - t) / 1e6;
  t = process.hrtime.bigint();
  for (let i = 0; i < n; i++)
    sandbox.admin.createToken({
      workspaceId,
      scopes: ['user_management:read'],
    });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  console.log(
    `admin.createToken × ${n}: ${ms.toFixed(1)} ms (baseline randomBytes+sha256 × ${n}: ${baseMs.toFixed(1)} ms, ratio ${(ms / baseMs).toFixed(2)})`,
  );
}

async function main(): Promise<void> {
  const worker = new Worker(new URL(import.meta.url), {
    workerData: null,
    execArgv: process.execArgv,
  });
  const sandbox = await startSandbox({ rateLimit: false });
  const token = sandbox.fixtures.tokens.full;
  const body = await (
    await fetch(`${sandbox.urls.api}/v2/self`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).text();
  const bare = await bareServer(body);
  const bareOrigin = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

  try {
    console.log(`sandbox /v2/self vs bare node:http, same ${Buffer.byteLength(body)}-byte body`);
    console.log(
      `${ROUNDS} alternating rounds × ${REQUESTS} requests, ${CONNECTIONS} keep-alive connections (undici Pool)`,
    );
    for (let i = 0; i < 2; i++) {
      await inWorker(worker, {
        origin: bareOrigin,
        token,
        total: Math.min(5000, REQUESTS),
      });
      await inWorker(worker, {
        origin: sandbox.urls.api,
        token,
        total: Math.min(5000, REQUESTS),
      });
    }
    const bareRates: number[] = [];
    const sandboxRates: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const b = await inWorker(worker, {
        origin: bareOrigin,
        token,
        total: REQUESTS,
      });
      const s = await inWorker(worker, {
        origin: sandbox.urls.api,
        token,
        total: REQUESTS,
      });
      bareRates.push(b);
      sandboxRates.push(s);
      console.log(
        `round ${round}: bare ${fmt(b)} req/s   sandbox ${fmt(s)} req/s   ratio ${(s / b).toFixed(2)}`,
      );
    }
    const ratio = median(sandboxRates.map((r, i) => r / (bareRates[i] ?? r)));
    console.log(
      `median: bare ${fmt(median(bareRates))} req/s   sandbox ${fmt(median(sandboxRates))} req/s`,
    );
    console.log(
      `median per-round ratio sandbox/bare: ${ratio.toFixed(2)} (target ≥ ${TARGET}) ${ratio >= TARGET ? 'OK' : 'BELOW TARGET'}`,
    );
    createTokensFigure(sandbox, 10_000);
  } finally {
    await worker.terminate();
    await sandbox.close();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
  }
}

if (!isMainThread) {
  // Worker: run measurement jobs sent by the main thread.
  parentPort?.on('message', (job: Job) => {
    measure(job.origin, job.token, job.total).then(
      (rate) => parentPort?.postMessage({ rate }),
      (e: Error) => parentPort?.postMessage({ error: e.message }),
    );
  });
} else {
  await main();
}
