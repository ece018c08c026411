import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { run } from './run.js';
import { POSTGRES, SQLITE, type TestDatabase } from './testing/test-stores.js';
import { testIo } from './testing/test-io.js';

// Seeding and two concurrent rounds on a shared, loaded machine can take longer than Jest's default 5 s.
jest.setTimeout(30_000);

(POSTGRES.skip ? describe.skip : describe)(
  POSTGRES.skip ?? 'several workers on one PostgreSQL store',
  () => {
    let sandbox: Sandbox;
    let db: TestDatabase;
    beforeEach(async () => {
      sandbox = await startSandbox({ rateLimit: false });
      db = await POSTGRES.fresh();
    });
    afterEach(async () => {
      await db.cleanup();
      await sandbox.close();
    });

    it('when two workers run at once, then every connection is checked exactly once and both share the work', async () => {
      const seed = await db.open();
      const count = 120;
      for (let i = 0; i < count; i += 1) {
        const ws = sandbox.admin.createWorkspace({ name: `Co ${i}`, slug: `co-${i}` });
        await seed.saveConnection({
          workspaceId: ws.id,
          scopes: [],
          token: sandbox.admin.createToken({ workspaceId: ws.id, scopes: [] }),
        });
      }
      // 20 ms per /v2/self (as in the benchmark): a round lasts long enough that neither worker can drain
      // the store before the other has started.
      sandbox.admin.setFaults([{ path: '/v2/self', latencyMs: 20 }]);
      // Each worker opens its own store (its own pg pool), like two processes would.
      const workers = [0, 1].map(() =>
        testIo({ HEALTH_BATCH_SIZE: '8', HEALTH_CONCURRENCY: '4' }, () => db.open()),
      );
      const codes = await Promise.all(
        workers.map((w) => run(['--once', '--json', '--base-url', sandbox.urls.api], w.io)),
      );
      expect(codes).toEqual([0, 0]);

      const [first, second] = workers.map((w) =>
        w
          .json()
          .filter((l) => l['type'] === 'check')
          .map((l) => String(l['workspaceId'])),
      ) as [string[], string[]];
      expect(first.length + second.length).toBe(count);
      expect(new Set([...first, ...second]).size).toBe(count);
      expect(first.length).toBeGreaterThan(0);
      expect(second.length).toBeGreaterThan(0);
      // The sandbox saw exactly one /v2/self per token: no double checks.
      const totals = Object.values(sandbox.admin.counters().byToken).map((c) => c.total);
      expect(totals).toHaveLength(count);
      expect(totals.every((t) => t === 1)).toBe(true);
    });
  },
);

describe('one instance per SQLite store', () => {
  it('when another instance holds the run lock, then a second one says so and exits 75', async () => {
    const db = await SQLITE.fresh();
    try {
      const holder = await db.open();
      expect(await holder.acquireRunLock('attio-token-health', 'other-host-1234', 60_000)).toBe(
        true,
      );
      const t = testIo({}, () => db.open());
      expect(await run(['--once'], t.io)).toBe(75);
      expect(t.stderr.text()).toBe(
        'attio-token-health: another instance holds the run lock "attio-token-health" on this SQLite store; ' +
          'only one checker may run against SQLite (use PostgreSQL to run several). Exiting.\n',
      );
      await holder.releaseRunLock('attio-token-health', 'other-host-1234');
      const again = testIo({}, () => db.open());
      expect(await run(['--once'], again.io)).toBe(0);
    } finally {
      await db.cleanup();
    }
  });
});
