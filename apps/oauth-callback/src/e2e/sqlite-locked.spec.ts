import { Agent, get } from 'node:http';

import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { holdSqliteWriteLock, type HeldSqliteLock } from '@attio-auth/connection-store/testing';

import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';

// Real sockets, a real SQLite file, a second process holding its lock: generous on a loaded machine.
jest.setTimeout(30_000);

/**
 * The slowest /healthz answer allowed while a request waits on the lock. The target is 50 ms, and
 * an idle machine answers in 1–2 ms; but on the shared CI machine (load ~20 on 2 cores) probes with
 * no lock at all reach 40–60 ms. 250 ms still tells the fix from the failure it guards against: the
 * whole process frozen for the 5 s busy timeout (4.7 s measured). The event-loop stall itself is
 * held to 50 ms by the store's own test (sqlite-busy.spec.ts in connection-store).
 */
const HEALTHZ_BOUND_MS = 250;

// One kept-alive socket for the probes: the figure is the service's answer time, not TCP set-up.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
afterAll(() => agent.destroy());

function healthz(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${url}/healthz`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

/** Round-trip times of /healthz probes, one after another, while `pending` has not settled. */
async function probeHealthz(url: string, pending: { settled: boolean }): Promise<number[]> {
  const times: number[] = [];
  const started = performance.now();
  // At least 10 probes, and for at least 250 ms: by then the install request is certainly waiting
  // on the lock (it is local), so the probes overlap the wait.
  while (times.length < 10 || performance.now() - started < 250) {
    const t = performance.now();
    const status = await healthz(url);
    times.push(performance.now() - t);
    if (status !== 200) throw new Error(`/healthz answered ${status}`);
    if (pending.settled) break;
  }
  return times;
}

function track<T>(promise: Promise<T>): { promise: Promise<T>; settled: boolean } {
  const tracked = { promise, settled: false };
  promise.then(
    () => (tracked.settled = true),
    () => (tracked.settled = true),
  );
  return tracked;
}

describe('callback service while another process holds the SQLite write lock', () => {
  let sandbox: Sandbox;
  let service: CallbackHarness | undefined;
  let lock: HeldSqliteLock | undefined;

  beforeEach(async () => {
    sandbox = await startSandbox({ rateLimit: false });
  });
  afterEach(async () => {
    await lock?.release();
    await service?.close();
    await sandbox.close();
    lock = service = undefined;
  });

  const start = async (env: Record<string, string> = {}) => {
    service = await startCallbackHarness({ sandbox, driver: 'sqlite', env });
    lock = await holdSqliteWriteLock(service.db.databaseUrl.replace(/^sqlite:/, ''));
    await healthz(service.url); // warm the socket and the route
    return service;
  };
  const install = (url: string) =>
    fetch(`${url}/install`, { redirect: 'manual', headers: { accept: 'application/json' } });

  it('when /install waits for the lock, then /healthz keeps answering and the install completes after release', async () => {
    const { url } = await start();
    const pending = track(install(url));
    const times = await probeHealthz(url, pending);
    expect(pending.settled).toBe(false);
    expect(Math.max(...times)).toBeLessThan(HEALTHZ_BOUND_MS);
    await lock?.release();
    lock = undefined;
    const res = await pending.promise;
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/authorize\?response_type=code&/,
    );
  });

  it('when the lock outlasts SQLITE_BUSY_TIMEOUT_MS, then /install answers 503 INSTALL_STORE_UNAVAILABLE in bounded time', async () => {
    const { url } = await start({ SQLITE_BUSY_TIMEOUT_MS: '300' });
    const started = performance.now();
    const pending = track(install(url));
    const times = await probeHealthz(url, pending);
    const res = await pending.promise;
    const tookMs = performance.now() - started;
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'INSTALL_STORE_UNAVAILABLE' } });
    expect(Math.max(...times)).toBeLessThan(HEALTHZ_BOUND_MS);
    // 300 ms budget; the bound only rules out the old 5 s synchronous wait.
    expect(tookMs).toBeLessThan(2_000);
  });
});
