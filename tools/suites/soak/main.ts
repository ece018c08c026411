/**
 * `npm run suite:soak [-- --full]`: mixed load for 15 s (full: 60 s per driver, SQLite then
 * PostgreSQL): scripted installs through the callback service, `attio-verify --workspace` runs and
 * `attio-token-health --once` rounds, all in this process; the sandbox runs in a child process so
 * only our code is measured. Checks: zero errors; RSS growth under 10% after warm-up (a quarter of
 * the run); no more sockets, file descriptors or handles after the load than before it.
 */
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
import { leakViolations, memoryViolations, operationErrors, rssGrowth, type OperationResult, type ResourceCounts } from './checks.js';
import type { SandboxHostHello } from './sandbox-host.js';

const gc = (globalThis as { gc?: () => void }).gc;

await runSuite('soak', { quickLimitMs: 150_000, fullLimitMs: 600_000 }, async (report, options) => {
  if (!gc) report.note('run with --expose-gc (npm run suite:soak does) for stable RSS samples');
  const seconds = options.full ? 60 : 15;
  const pg = await postgresState();
  const drivers: ('sqlite' | 'postgres')[] = ['sqlite'];
  if (options.full && pg.ok) drivers.push('postgres');
  if (options.full && !pg.ok) report.couldNotRun('soak on PostgreSQL', pg.reason, true);
  const host = fork(join(REPO_ROOT, 'tools/suites/soak/sandbox-host.ts'), [], {
    execArgv: ['--conditions=@attio-auth/source', '--import', '@swc-node/register/esm-register'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const hello = await new Promise<SandboxHostHello>((resolve) => host.once('message', (m) => resolve(m as SandboxHostHello)));
    for (const driver of drivers) await soak(report, host, hello, driver, seconds);
  } finally {
    host.disconnect();
  }
});

function counts(): ResourceCounts {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
  return { fds: readdirSync('/proc/self/fd').length, handles };
}

function rss(): number {
  gc?.();
  return process.memoryUsage().rss;
}

/** Waits until counts drop to `target` (keep-alive sockets time out after ~5 s) or `ms` passes. */
async function settle(target: ResourceCounts | undefined, ms: number): Promise<ResourceCounts> {
  const started = Date.now();
  let now = counts();
  while (Date.now() - started < ms) {
    await new Promise((r) => setTimeout(r, 500));
    now = counts();
    if (target && now.fds <= target.fds && now.handles <= target.handles) break;
  }
  return now;
}

async function soak(report: SuiteReport, host: ChildProcess, hello: SandboxHostHello, driver: 'sqlite' | 'postgres', seconds: number): Promise<void> {
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
  const results: OperationResult[] = [];
  const installed: string[] = [];
  let stop = false;
  let i = 0;
  const lanes = [
    ...Array.from({ length: 3 }, async () => {
      while (!stop) {
        const ws = hello.workspaceIds[i++ % hello.workspaceIds.length] as string;
        try {
          const { result } = await runInstall(service.url, { workspaceId: ws, accept: 'application/json' });
          results.push({ kind: 'install', ok: result.status === 200, detail: `${result.status} ${result.body.slice(0, 120)}` });
          if (result.status === 200 && !installed.includes(ws)) installed.push(ws);
        } catch (err) {
          results.push({ kind: 'install', ok: false, detail: (err as Error).message });
        }
      }
    }),
    (async () => {
      while (!stop) {
        const ws = installed[Math.floor(Math.random() * installed.length)];
        if (ws === undefined) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        const run = await runVerifyCli(['--workspace', ws, '--base-url', hello.urls.api, '--json'], { env });
        results.push({ kind: 'verify', ok: run.exitCode === 0, detail: `exit ${run.exitCode ?? run.thrown} ${run.stderr.slice(0, 200)}` });
      }
    })(),
    (async () => {
      while (!stop) {
        const run = await runTokenHealth(['--once', '--json', '--base-url', hello.urls.api], { env: { ...env, HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0', LOG_LEVEL: 'warn' } });
        results.push({ kind: 'health', ok: run.exitCode === 0, detail: `exit ${run.exitCode ?? run.thrown} ${run.stderr.slice(0, 200)}` });
        await new Promise((r) => setTimeout(r, 250));
      }
    })(),
  ];
  const unhandled: string[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(String((reason as Error)?.message ?? reason));
  process.on('unhandledRejection', onUnhandled);

  // Warm-up: a quarter of the run; then settle and take the baseline while the load goes on.
  await new Promise((r) => setTimeout(r, (seconds * 1000) / 4));
  const rssAfterWarmup = rss();
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(process.memoryUsage().rss), 1000);
  await new Promise((r) => setTimeout(r, (seconds * 1000 * 3) / 4));
  clearInterval(sampler);
  const rssAtEnd = rss();
  stop = true;
  await Promise.all(lanes);
  process.off('unhandledRejection', onUnhandled);
  const afterLoad = await settle(undefined, 0);

  const byKind = (k: string) => results.filter((r) => r.kind === k).length;
  report.figure(`${driver}: operations in ${seconds} s`, `${results.length} (installs ${byKind('install')}, verify runs ${byKind('verify')}, health rounds ${byKind('health')}), ${installed.length} workspaces connected`);
  report.figure(`${driver}: RSS after warm-up → end`, `${(rssAfterWarmup / 1e6).toFixed(1)} MB → ${(rssAtEnd / 1e6).toFixed(1)} MB (${(rssGrowth(rssAfterWarmup, rssAtEnd) * 100).toFixed(1)}%), samples ${(Math.min(...samples) / 1e6).toFixed(0)}–${(Math.max(...samples) / 1e6).toFixed(0)} MB`);
  report.expectNone(`${driver}: zero errors`, [...operationErrors(results), ...unhandled.map((u) => `unhandled rejection: ${u}`)], `${results.length} operations`);
  report.expectNone(`${driver}: RSS growth under 10% after warm-up`, memoryViolations(rssAfterWarmup, rssAtEnd, 0.1), `gc before each sample`);

  // Resources: everything the load opened must be gone once the service is closed and idle
  // keep-alive sockets have timed out (≈5 s).
  await service.close();
  await location.remove();
  const settled = await settle(before, 15_000);
  report.figure(`${driver}: fds/handles before → right after the load → settled`, `${before.fds}/${before.handles} → ${afterLoad.fds}/${afterLoad.handles} → ${settled.fds}/${settled.handles}`);
  report.expectNone(`${driver}: no leaked sockets, file descriptors or handles`, leakViolations(before, settled), 'settled counts after the service closed vs before it started');
}
