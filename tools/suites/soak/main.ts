/**
 * `npm run suite:soak [-- --full]`: mixed load for 15 s after a 10 s warm-up (full: 60 s after 20 s,
 * per driver, SQLite then PostgreSQL): scripted installs through the callback service, `attio-verify --workspace` runs and
 * `attio-token-health --once` rounds, all in this process; the sandbox runs in a child process so
 * only our code is measured. Checks: zero errors; retained RSS (median of post-GC readings) grows under
 * 10% from the end of warm-up to the end; no more sockets, file descriptors or handles after the load than before it.
 */
import { defaultSleep } from '@attio-auth/attio-core';
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { runInstall } from '@attio-auth/oauth-callback/testing';

import { REPO_ROOT, runTokenHealth, runVerifyCli } from '../shared/app-runners.js';
import { startInProcessService } from '../shared/callback-service.js';
import { postgresState } from '../shared/postgres.js';
import { runSuite } from '../shared/suite-run.js';
import type { SuiteReport } from '../shared/suite-report.js';
import { createSuiteStore } from '../shared/suite-store.js';
import {
  leakViolations,
  memoryViolations,
  operationErrors,
  rssGrowth,
  type OperationResult,
  type ResourceCounts,
} from './checks.js';
import type { SandboxHostHello } from './sandbox-host.js';

const gc = (globalThis as { gc?: () => void }).gc;

await runSuite('soak', { quickLimitMs: 150_000, fullLimitMs: 600_000 }, async (report, options) => {
  if (!gc) report.note('run with --expose-gc (npm run suite:soak does) for stable RSS samples');
  // `--seconds N` and `--driver sqlite|postgres` narrow a run (e.g. to chase a finding).
  const arg = (name: string) => options.rest[options.rest.indexOf(name) + 1];
  const seconds = options.rest.includes('--seconds')
    ? Number(arg('--seconds'))
    : options.full
      ? 60
      : 15;
  const pg = await postgresState();
  let drivers: ('sqlite' | 'postgres')[] = ['sqlite'];
  if (options.full && pg.ok) drivers.push('postgres');
  if (options.rest.includes('--driver'))
    drivers = [arg('--driver') === 'postgres' ? 'postgres' : 'sqlite'];
  if (options.full && !pg.ok) report.couldNotRun('soak on PostgreSQL', pg.reason, true);
  const host = fork(join(REPO_ROOT, 'tools/suites/soak/sandbox-host.ts'), [], {
    execArgv: ['--conditions=@attio-auth/source', '--import', '@swc-node/register/esm-register'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const hello = await new Promise<SandboxHostHello>((resolve) =>
      host.once('message', (m) => resolve(m as SandboxHostHello)),
    );
    for (const driver of drivers) await soak(report, host, hello, driver, seconds);
  } finally {
    host.disconnect();
  }
});

function counts(): ResourceCounts {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles()
    .length;
  return { fds: readdirSync('/proc/self/fd').length, handles };
}

/**
 * Retained RSS: the median of five readings 500 ms apart, each right after a full GC. A single
 * reading swings by ±20% under this load (V8 grows and shrinks its heap, the allocator returns pages
 * late); the median of post-GC readings follows what is actually kept, which is what a leak grows.
 */
async function retainedRss(): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    gc?.();
    readings.push(process.memoryUsage().rss);
    await defaultSleep(500);
  }
  return readings.sort((a, b) => a - b)[2] as number;
}

/** V8 heap in use right after a GC: what a leak in our JavaScript would grow. */
function heapUsed(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** Waits until counts drop to `target` (keep-alive sockets time out after ~5 s) or `ms` passes. */
async function settle(target: ResourceCounts | undefined, ms: number): Promise<ResourceCounts> {
  const started = Date.now();
  let now = counts();
  while (Date.now() - started < ms) {
    await defaultSleep(500);
    now = counts();
    if (target && now.fds <= target.fds && now.handles <= target.handles) break;
  }
  return now;
}

async function soak(
  report: SuiteReport,
  host: ChildProcess,
  hello: SandboxHostHello,
  driver: 'sqlite' | 'postgres',
  seconds: number,
): Promise<void> {
  const warmup = Math.max(10, Math.round(seconds / 3));
  // Baseline before the service exists: modules loaded, keep-alive sockets to the sandbox expired.
  await runVerifyCli(['--version']);
  await runTokenHealth(['--help']);
  await fetch(`${hello.urls.api}/v2/self`).then((r) => r.body?.cancel());
  const before = await settle(undefined, 6_000);
  const location = await createSuiteStore(driver, 'suite_soak');
  const service = await startInProcessService(hello, location, { LOG_LEVEL: 'warn' });
  await new Promise((resolve) => {
    host.once('message', resolve);
    host.send({ op: 'redirect', uri: service.redirectUri });
  });
  const env = { DATABASE_URL: location.databaseUrl, TOKEN_ENCRYPTION_KEYS: location.keys };
  // Only failures keep their details: the suite's own bookkeeping must not grow the heap it measures.
  const results: OperationResult[] = [];
  const done = { install: 0, verify: 0, health: 0 };
  const record = (r: OperationResult) => {
    done[r.kind] += 1;
    if (!r.ok) results.push(r);
  };
  const installed: string[] = [];
  let stop = false;
  let i = 0;
  const lanes = [
    ...Array.from({ length: 3 }, async () => {
      while (!stop) {
        const ws = hello.workspaceIds[i++ % hello.workspaceIds.length] as string;
        try {
          const { result } = await runInstall(service.url, {
            workspaceId: ws,
            accept: 'application/json',
          });
          record({
            kind: 'install',
            ok: result.status === 200,
            detail: `${result.status} ${result.body.slice(0, 120)}`,
          });
          if (result.status === 200 && !installed.includes(ws)) installed.push(ws);
        } catch (err) {
          record({ kind: 'install', ok: false, detail: (err as Error).message });
        }
      }
    }),
    (async () => {
      while (!stop) {
        const ws = installed[Math.floor(Math.random() * installed.length)];
        if (ws === undefined) {
          await defaultSleep(100);
          continue;
        }
        const run = await runVerifyCli(
          ['--workspace', ws, '--base-url', hello.urls.api, '--json'],
          { env },
        );
        record({
          kind: 'verify',
          ok: run.exitCode === 0,
          detail: `exit ${run.exitCode ?? run.thrown} ${run.stderr.slice(0, 200)}`,
        });
      }
    })(),
    (async () => {
      while (!stop) {
        const run = await runTokenHealth(['--once', '--json', '--base-url', hello.urls.api], {
          env: { ...env, HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0', LOG_LEVEL: 'warn' },
        });
        record({
          kind: 'health',
          ok: run.exitCode === 0,
          detail: `exit ${run.exitCode ?? run.thrown} ${run.stderr.slice(0, 200)}`,
        });
        await defaultSleep(250);
      }
    })(),
  ];
  const unhandled: string[] = [];
  const onUnhandled = (reason: unknown) =>
    unhandled.push(String((reason as Error)?.message ?? reason));
  process.on('unhandledRejection', onUnhandled);

  // Warm-up before the measured period (RSS climbs to the allocators' working set, JIT and caches
  // fill); then the baseline is taken while the load goes on, and compared with the end.
  await defaultSleep(warmup * 1000);
  const rssAfterWarmup = await retainedRss();
  const heapAfterWarmup = heapUsed();
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(process.memoryUsage().rss), 1000);
  await defaultSleep(seconds * 1000);
  clearInterval(sampler);
  const rssAtEnd = await retainedRss();
  const heapAtEnd = heapUsed();
  stop = true;
  await Promise.all(lanes);
  process.off('unhandledRejection', onUnhandled);
  const afterLoad = await settle(undefined, 0);

  const total = done.install + done.verify + done.health;
  report.figure(
    `${driver}: operations in ${warmup} s warm-up + ${seconds} s`,
    `${total} (installs ${done.install}, verify runs ${done.verify}, health rounds ${done.health}), ${installed.length} workspaces connected`,
  );
  report.figure(
    `${driver}: retained RSS (median of 5 post-GC readings) after warm-up → end`,
    `${(rssAfterWarmup / 1e6).toFixed(1)} MB → ${(rssAtEnd / 1e6).toFixed(1)} MB (${(rssGrowth(rssAfterWarmup, rssAtEnd) * 100).toFixed(1)}%), samples ${(Math.min(...samples) / 1e6).toFixed(0)}–${(Math.max(...samples) / 1e6).toFixed(0)} MB`,
  );
  report.figure(
    `${driver}: V8 heap used after GC, warm-up → end`,
    `${(heapAfterWarmup / 1e6).toFixed(1)} MB → ${(heapAtEnd / 1e6).toFixed(1)} MB (${(rssGrowth(heapAfterWarmup, heapAtEnd) * 100).toFixed(1)}%)`,
  );
  report.expectNone(
    `${driver}: zero errors`,
    [...operationErrors(results), ...unhandled.map((u) => `unhandled rejection: ${u}`)],
    `${total} operations`,
  );
  report.expectNone(
    `${driver}: RSS growth under 10% after warm-up`,
    memoryViolations(rssAfterWarmup, rssAtEnd, 0.1),
    `retained RSS after ${warmup} s of warm-up vs after ${seconds} s more load`,
  );

  // Resources: everything the load opened must be gone once the service is closed and idle
  // keep-alive sockets have timed out (≈5 s).
  await service.close();
  await location.remove();
  const settled = await settle(before, 15_000);
  report.figure(
    `${driver}: fds/handles before → right after the load → settled`,
    `${before.fds}/${before.handles} → ${afterLoad.fds}/${afterLoad.handles} → ${settled.fds}/${settled.handles}`,
  );
  report.expectNone(
    `${driver}: no leaked sockets, file descriptors or handles`,
    leakViolations(before, settled),
    'settled counts after the service closed vs before it started',
  );
}
