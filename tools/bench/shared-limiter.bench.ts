/**
 * One Attio budget across processes: N child processes each want R reads per second for ONE token against
 * one sandbox (Attio's limits on: 100 reads/s per token, 429 beyond), first with the in-process limiter
 * alone (the baseline: each process keeps its own 100/s), then through the shared budget on Redis and on
 * PostgreSQL. Prints achieved requests/s, the most requests the sandbox saw in any sliding second, its
 * 429 count, and each shared run's rate as a ratio of the baseline's. Then Redis stopped mid-run (a private
 * redis-server, never the machine's): how fast the processes fell back, their rate on local limits, and
 * how long after the restart they were back on the shared budget.
 *
 * `npm run bench -- limiter [--seconds=3] [--processes=4] [--rate=200]`
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import {
  DEFAULT_TEST_REDIS_URL,
  redisReachable,
  redisServerInstalled,
  runChildren,
  startOwnRedis,
  type ChildArgs,
  type ChildResult,
} from '@attio-auth/rate-budget/testing';
import pg from 'pg';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    seconds: { type: 'string', default: '3' },
    processes: { type: 'string', default: '4' },
    rate: { type: 'string', default: '200' },
  },
});
const SECONDS = Number(values.seconds);
const PROCESSES = Number(values.processes);
const RATE = Number(values.rate);
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? DEFAULT_TEST_REDIS_URL;
const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const CHILD = join(
  dirname(fileURLToPath(import.meta.resolve('@attio-auth/rate-budget/testing'))),
  'budget-child.ts',
);

interface Figures {
  readonly name: string;
  readonly perSecond: number;
  readonly maxPerSecond: number;
  readonly rateLimited: number;
  readonly failed: number;
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function scenario(
  sandbox: Sandbox,
  name: string,
  store: ChildArgs['store'],
  url: string,
): Promise<Figures> {
  const token = sandbox.admin.createToken({
    workspaceId: sandbox.fixtures.workspaces[0].id,
    scopes: [],
  });
  const results = await runChildren(
    PROCESSES,
    {
      store,
      url,
      keyPrefix: `bench_${Date.now()}`,
      apiUrl: sandbox.urls.api,
      token,
      instances: PROCESSES,
      rate: RATE,
      durationMs: SECONDS * 1000,
    },
    CHILD,
  ).results;
  const c = sandbox.admin.counters().byToken[sandbox.admin.tokenId(token)];
  return {
    name,
    perSecond: results.reduce((n, r) => n + r.ok, 0) / SECONDS,
    maxPerSecond: c?.maxPerSecond ?? 0,
    rateLimited: c?.rateLimited ?? 0,
    failed: results.reduce((n, r) => n + r.failed, 0),
  };
}

function print(f: Figures, baseline: Figures | undefined): void {
  const ratio = baseline ? ` (${(f.perSecond / baseline.perSecond).toFixed(2)}× baseline)` : '';
  console.log(
    `${f.name.padEnd(28)} ${f.perSecond.toFixed(1).padStart(6)} req/s${ratio.padEnd(18)} ` +
      `max in any 1 s: ${String(f.maxPerSecond).padStart(3)}   429s: ${String(f.rateLimited).padStart(4)}   failed: ${f.failed}`,
  );
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

async function outage(sandbox: Sandbox): Promise<void> {
  const redis = await startOwnRedis();
  try {
    const token = sandbox.admin.createToken({
      workspaceId: sandbox.fixtures.workspaces[0].id,
      scopes: [],
    });
    const { started, results } = runChildren(
      PROCESSES,
      {
        store: 'redis',
        url: redis.url,
        keyPrefix: 'bench_outage',
        apiUrl: sandbox.urls.api,
        token,
        instances: PROCESSES,
        rate: RATE,
        durationMs: 7000,
      },
      CHILD,
    );
    await started;
    await new Promise((r) => setTimeout(r, 2000));
    const stoppedAt = Date.now();
    await redis.stop();
    await new Promise((r) => setTimeout(r, 2500));
    const restartingAt = Date.now();
    await redis.start();
    // Measured from when the restarted server accepts connections (spawning it takes a while under load).
    const restartedAt = Date.now();
    const done: ChildResult[] = await results;
    const c = sandbox.admin.counters().byToken[sandbox.admin.tokenId(token)];
    const at = (r: ChildResult, level: string) => r.logs.find((l) => l.level === level)?.at;
    const detect = done.map((r) => (at(r, 'warn') ?? NaN) - stoppedAt);
    const recover = done.map((r) => (at(r, 'info') ?? NaN) - restartedAt);
    const during = done.reduce(
      (n, r) => n + r.completedAt.filter((t) => t > stoppedAt + 500 && t < restartingAt).length,
      0,
    );
    const outageSeconds = (restartingAt - stoppedAt - 500) / 1000;
    console.log(
      `redis stopped mid-run (${PROCESSES} processes, 2.5 s outage): fell back after median ${median(detect)} ms ` +
        `(max ${Math.max(...detect)}), ${(during / outageSeconds).toFixed(1)} req/s on local limits, ` +
        `back on the shared budget median ${median(recover)} ms after the restarted Redis was ready (max ${Math.max(...recover)}); ` +
        `warnings ${done.map((r) => r.logs.filter((l) => l.level === 'warn').length).join('/')}, ` +
        `max in any 1 s: ${c?.maxPerSecond ?? 0}, 429s: ${c?.rateLimited ?? 0}, failed: ${done.reduce((n, r) => n + r.failed, 0)}`,
    );
  } finally {
    await redis.stop();
  }
}

const sandbox = await startSandbox({ port: 0 });
try {
  console.log(
    `${PROCESSES} processes × ${RATE} reads/s wanted for one token, ${SECONDS} s each; Attio's limit: 100/s per token`,
  );
  const baseline = await scenario(sandbox, 'memory (per-process, baseline)', 'memory', '');
  print(baseline, undefined);
  if (redisReachable(REDIS_URL))
    print(await scenario(sandbox, 'redis (shared)', 'redis', REDIS_URL), baseline);
  else console.log(`redis: skipped (not reachable at ${REDIS_URL})`);
  if (await postgresReachable())
    print(await scenario(sandbox, 'postgres (shared)', 'postgres', PG_URL), baseline);
  else console.log('postgres: skipped (not reachable)');
  if (redisServerInstalled()) await outage(sandbox);
  else console.log('redis outage: skipped (redis-server not installed)');
} finally {
  await sandbox.close();
}
