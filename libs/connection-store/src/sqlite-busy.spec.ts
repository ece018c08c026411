import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holdSqliteWriteLock } from '@attio-auth/connection-store/testing';
import { generateKeyRingEntry, parseKeyRing } from './crypto/key-ring.js';
import { openConnectionStore } from './open-connection-store.js';
import type { ConnectionStore } from './store/types.js';

/** How long the event loop takes to run a zero-delay timer, the worst of `probes` tries. */
async function worstTimerDelayMs(probes = 10): Promise<number> {
  let worst = 0;
  for (let i = 0; i < probes; i += 1) {
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 0));
    worst = Math.max(worst, performance.now() - started);
  }
  return worst;
}

function settledFlag(promise: Promise<unknown>): { settled: boolean } {
  const flag = { settled: false };
  promise.then(
    () => (flag.settled = true),
    () => (flag.settled = true),
  );
  return flag;
}

describe('SQLite driver while another process holds the write lock', () => {
  const keys = generateKeyRingEntry('k1');
  let dir: string;
  let file: string;
  let stores: ConnectionStore[];
  const open = async (options: { sqliteBusyTimeoutMs?: number } = {}) => {
    const store = await openConnectionStore({
      databaseUrl: `sqlite:${file}`,
      keyRing: parseKeyRing(keys),
      ...options,
    });
    stores.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-busy-'));
    file = join(dir, 'connections.sqlite');
    stores = [];
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a write waits for the lock, then the event loop keeps running and the write lands after release', async () => {
    const store = await open();
    const lock = await holdSqliteWriteLock(file);
    const pending = store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: 'tok-1' });
    const waiting = settledFlag(pending);
    let worst: number;
    try {
      worst = await worstTimerDelayMs();
      // The probes really ran while the write was held up, or they would prove nothing.
      expect(waiting.settled).toBe(false);
    } finally {
      await lock.release();
    }
    expect(worst).toBeLessThan(50);
    await expect(pending).resolves.toMatchObject({ workspaceId: 'ws-1' });
    expect(await store.getToken('ws-1')).toBe('tok-1');
  });

  it('when the lock outlasts the busy timeout, then the write fails with STORE_UNAVAILABLE in bounded time', async () => {
    const store = await open({ sqliteBusyTimeoutMs: 300 });
    const lock = await holdSqliteWriteLock(file, 'exclusive');
    try {
      const started = performance.now();
      const pending = store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: 'tok-1' });
      const [worst, outcome] = await Promise.all([
        worstTimerDelayMs(),
        pending.then(
          () => 'saved',
          (err: unknown) => err,
        ),
      ]);
      const tookMs = performance.now() - started;
      expect(worst).toBeLessThan(50);
      expect(outcome).toMatchObject({
        name: 'ConnectionStoreError',
        code: 'STORE_UNAVAILABLE',
        message:
          `The SQLite database ${file} stayed locked by another connection for 300 ms (SQLITE_BUSY); ` +
          'nothing was changed. Retry later; if it persists, look for a process holding a transaction ' +
          'open on that file (another service, a backup, a sqlite3 shell), or raise the busy timeout.',
      });
      // Budget 300 ms: generous bound against a 5 s synchronous busy wait.
      expect(tookMs).toBeLessThan(2_000);
    } finally {
      await lock.release();
    }
    expect(await store.countConnections()).toBe(0);
  });

  it('when a transaction waits for the lock, then it runs once after release (leases are not lost)', async () => {
    const store = await open();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: 'tok-1' });
    const lock = await holdSqliteWriteLock(file);
    const pending = store.lease({
      owner: 'checker-1',
      limit: 10,
      leaseMs: 60_000,
      dueBefore: new Date(Date.now() + 1000),
    });
    const waiting = settledFlag(pending);
    try {
      expect(await worstTimerDelayMs()).toBeLessThan(50);
      expect(waiting.settled).toBe(false);
    } finally {
      await lock.release();
    }
    expect((await pending).map((l) => l.connection.workspaceId)).toEqual(['ws-1']);
  });

  it('when two stores of one process write the same file at once, then every write lands', async () => {
    const [a, b] = [await open(), await open()];
    const ids = Array.from({ length: 20 }, (_, i) => `ws-${String(i).padStart(2, '0')}`);
    await Promise.all(
      ids.map((workspaceId, i) =>
        (i % 2 === 0 ? a : b).saveConnection({ workspaceId, scopes: [], token: `t-${i}` }),
      ),
    );
    const leased = await Promise.all([
      a.lease({ owner: 'a', limit: 20, leaseMs: 60_000, dueBefore: new Date(Date.now() + 1000) }),
      b.lease({ owner: 'b', limit: 20, leaseMs: 60_000, dueBefore: new Date(Date.now() + 1000) }),
    ]);
    expect(
      leased
        .flat()
        .map((l) => l.connection.workspaceId)
        .sort(),
    ).toEqual(ids);
    expect(await b.countConnections()).toBe(20);
  });
});
