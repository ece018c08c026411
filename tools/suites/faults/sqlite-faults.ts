/**
 * Faults phase: SQLite locked by another process. A child process holds the database's write lock
 * (`BEGIN IMMEDIATE`, as a second instance, a backup or a `sqlite3` shell would) while the callback
 * service handles /install. Measures /healthz meanwhile (the store must not freeze the event loop),
 * then checks the install completes once the lock is released, and fails with 503
 * INSTALL_STORE_UNAVAILABLE, in about SQLITE_BUSY_TIMEOUT_MS, when it is not.
 */
import { spawn } from 'node:child_process';
import { Agent, get } from 'node:http';

import type { Sandbox } from '@attio-auth/attio-sandbox';
import { startCallbackHarness } from '@attio-auth/oauth-callback/testing';

import type { SuiteReport } from '../shared/suite-report.js';

/** The busy budget of this phase's service. */
const BUSY_TIMEOUT_MS = 1000;
/**
 * The slowest /healthz answer accepted while locked. Target 50 ms (idle machines answer in 1–2 ms);
 * the shared machine's scheduler noise alone reaches ~60 ms. Without the fix it is the busy timeout.
 */
const HEALTHZ_BOUND_MS = 250;

// The lock holder: a plain `node -e` child with its own better-sqlite3 connection. (The store's
// `holdSqliteWriteLock` lives in its Jest-only `./testing` entry, which a suite script cannot load.)
const HOLDER = `
const db = new (require('better-sqlite3'))(process.argv[1]);
db.pragma('busy_timeout = 10000');
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
process.stdin.on('data', () => undefined);
process.stdin.on('end', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
`;

async function holdLock(file: string): Promise<{ release(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', HOLDER, file], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    void exited.then(() => reject(new Error('the lock holder exited before locking')));
    child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
  });
  return {
    async release() {
      child.stdin.end();
      await exited;
    },
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function healthz(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${url}/healthz`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

interface Locked {
  probesMs: number[];
  status: number;
  code: string | undefined;
  installMs: number;
  pendingWhileProbed: boolean;
}

/** One /install while locked; /healthz probed (≥ 10 times, ≥ 250 ms) until it settles or `release`. */
async function installWhileLocked(url: string, file: string, releaseAfterProbes: boolean) {
  const lock = await holdLock(file);
  try {
    await healthz(url);
    const started = performance.now();
    let settled = false;
    let installMs = 0;
    const install = fetch(`${url}/install`, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
    }).finally(() => {
      settled = true;
      installMs = performance.now() - started;
    });
    const probesMs: number[] = [];
    while (!settled && (probesMs.length < 10 || performance.now() - started < 250)) {
      const t = performance.now();
      await healthz(url);
      probesMs.push(performance.now() - t);
    }
    const pendingWhileProbed = !settled;
    if (releaseAfterProbes) await lock.release();
    const res = await install;
    const body = res.status === 302 ? {} : ((await res.json()) as { error?: { code?: string } });
    return {
      probesMs,
      status: res.status,
      code: body.error?.code,
      installMs,
      pendingWhileProbed,
    } satisfies Locked;
  } finally {
    await lock.release();
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ??
  0;

/**
 * Runs the phase on a fresh SQLite store and reports its figures and checks.
 *
 * @example
 * ```ts
 * await reportSqliteLocked(sandbox, report);
 * ```
 */
export async function reportSqliteLocked(sandbox: Sandbox, report: SuiteReport): Promise<void> {
  const service = await startCallbackHarness({
    sandbox,
    driver: 'sqlite',
    env: { SQLITE_BUSY_TIMEOUT_MS: String(BUSY_TIMEOUT_MS), LOG_LEVEL: 'fatal' },
  });
  const file = service.db.databaseUrl.replace(/^sqlite:/, '');
  try {
    const released = await installWhileLocked(service.url, file, true);
    const timedOut = await installWhileLocked(service.url, file, false);
    for (const [label, run] of [
      ['lock released after the probes', released],
      ['lock held past SQLITE_BUSY_TIMEOUT_MS', timedOut],
    ] as const) {
      report.figure(
        `sqlite locked by another process · ${label} · /healthz`,
        `max ${ms(Math.max(...run.probesMs))}, p50 ${ms(percentile(run.probesMs, 0.5))} over ${run.probesMs.length} probes`,
      );
    }
    report.figure(
      'sqlite locked by another process · /install after release',
      `${released.status} in ${ms(released.installMs)}`,
    );
    report.figure(
      'sqlite locked by another process · /install while locked failed after',
      `${ms(timedOut.installMs)} (budget ${BUSY_TIMEOUT_MS} ms): ${timedOut.status} ${timedOut.code ?? '-'}`,
    );
    const slowest = Math.max(...released.probesMs, ...timedOut.probesMs);
    report.expect(
      `sqlite locked: /healthz answers under ${HEALTHZ_BOUND_MS} ms while a request waits on the lock`,
      slowest < HEALTHZ_BOUND_MS && released.pendingWhileProbed && timedOut.pendingWhileProbed,
      `${released.probesMs.length + timedOut.probesMs.length} probes while /install was pending`,
      `slowest ${ms(slowest)}; install pending during probes: ${released.pendingWhileProbed}/${timedOut.pendingWhileProbed}`,
    );
    report.expect(
      'sqlite locked: the waiting install completes once the lock is released',
      released.status === 302,
      'one /install, lock released after the probes',
      `answered ${released.status} ${released.code ?? ''}`,
    );
    report.expect(
      `sqlite locked: past the busy timeout the install fails with 503 INSTALL_STORE_UNAVAILABLE, in under ${BUSY_TIMEOUT_MS * 2} ms`,
      timedOut.status === 503 &&
        timedOut.code === 'INSTALL_STORE_UNAVAILABLE' &&
        timedOut.installMs < BUSY_TIMEOUT_MS * 2,
      `one /install, lock held throughout, SQLITE_BUSY_TIMEOUT_MS=${BUSY_TIMEOUT_MS}`,
      `answered ${timedOut.status} ${timedOut.code ?? '-'} after ${ms(timedOut.installMs)}`,
    );
  } finally {
    agent.destroy();
    await service.close();
  }
}
