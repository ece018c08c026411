/**
 * What `health.bench.ts` and its scale mode (`health-scale.ts`) share: the checker worker processes
 * (built once, run to completion, their --json check lines, peak RSS and CPU collected) and the IPC
 * protocol of the sandbox child process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Preloaded into every measured process: prints its peak RSS and whole-process CPU on exit. */
const RSS_HOOK =
  "data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();" +
  "process.stderr.write('PEAK_RSS_KB '+u.maxRSS+' CPU_US '+(u.userCPUTime+u.systemCPUTime)+'\\n')})";

/** A request to the sandbox child: set the /v2/self latency, reset or read the per-token counters. */
export type SandboxRequest =
  | { op: 'faults'; latencyMs: number }
  | { op: 'reset' }
  | { op: 'counters' };

/** The workspaces and tokens the sandbox child created. */
export type Tokens = { workspaceId: string; token: string }[];

/** Sends one request to the sandbox child and waits for its answer (per-token totals, its own CPU). */
export function ask(
  child: ChildProcess,
  request: SandboxRequest,
): Promise<{ totals: number[]; cpuUs: number }> {
  return new Promise((done) => {
    child.once('message', (m) => done(m as { totals: number[]; cpuUs: number }));
    child.send(request);
  });
}

/** One finished process: exit code, its check lines, peak RSS and whole-process CPU. */
export interface WorkerResult {
  code: number | null;
  checks: { start: number; end: number; status: string }[];
  peakRssMb: number;
  cpuMs: number;
}

/**
 * Runs one process to completion, collecting its --json check lines and its peak RSS; `onSpawn` gets
 * its pid (for a CPU sampler).
 */
export function runProcess(
  args: string[],
  env: Record<string, string>,
  stdin?: string,
  onSpawn?: (pid: number) => void,
): Promise<WorkerResult> {
  const child = spawn(process.execPath, ['--import', RSS_HOOK, ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) onSpawn?.(child.pid);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdin.end(stdin ?? '');
  return new Promise((done) => {
    child.on('close', (code) => {
      const checks = out
        .split('\n')
        .filter((l) => l.startsWith('{"type":"check"'))
        .map((l) => JSON.parse(l) as { checkedAt: string; durationMs: number; status: string })
        .map((c) => ({
          end: Date.parse(c.checkedAt),
          start: Date.parse(c.checkedAt) - c.durationMs,
          status: c.status,
        }));
      const rss = /PEAK_RSS_KB (\d+) CPU_US (\d+)/.exec(err);
      // 1 and 2 are verdicts only when the round finished (summary line); otherwise the process failed.
      if (code !== 0 && !out.includes('{"type":"summary"'))
        process.stderr.write(`process exited ${code}: ${err.slice(0, 2000)}\n`);
      done({
        code,
        checks,
        peakRssMb: rss ? Number(rss[1]) / 1024 : NaN,
        cpuMs: rss ? Number(rss[2]) / 1000 : NaN,
      });
    });
  });
}

/** The command line of one checker worker: a `--once --json` round against `api`. */
export function workerArgs(mode: 'dist' | 'source', api: string, concurrency: number): string[] {
  const app = ['--once', '--json', '--base-url', api, '--concurrency', String(concurrency)];
  const profile = process.env['BENCH_CPU_PROF']
    ? ['--cpu-prof', '--cpu-prof-dir', resolve(process.env['BENCH_CPU_PROF'])]
    : [];
  return mode === 'dist'
    ? [...profile, join(root, 'apps/token-health/dist/main.js'), ...app]
    : [
        ...profile,
        '--conditions=@attio-auth/source',
        '--import',
        '@swc-node/register/esm-register',
        join(root, 'apps/token-health/src/main.ts'),
        ...app,
      ];
}

/**
 * Compiles the app and the libs it uses (their dist/ folders are git-ignored build output) unless
 * BENCH_WORKER=source; says `source` when the build fails, so workers run through @swc-node instead.
 */
export function buildWorkers(): 'dist' | 'source' {
  let mode: 'dist' | 'source' = process.env['BENCH_WORKER'] === 'source' ? 'source' : 'dist';
  if (mode === 'dist') {
    const build = spawnSync('npx', ['tsc', '--build', 'apps/token-health/tsconfig.lib.json'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (build.status !== 0 || !existsSync(join(root, 'apps/token-health/dist/main.js'))) {
      console.log(
        `tsc --build failed (${build.stdout.slice(0, 500)}); workers run from source via @swc-node instead`,
      );
      mode = 'source';
    }
  }
  return mode;
}
