import type { Logger } from '@attio-auth/attio-core';
import type { ConnectionStore } from '@attio-auth/connection-store';
import { roundContext } from '../testing/round-context.js';
import { DRIVERS, type TestDatabase } from '../testing/test-stores.js';
import type { CheckOutcome } from './classify.js';
import { leaseFlagged, runRound } from './health-round.js';

jest.setTimeout(30_000);

/** A logger that keeps its warnings. */
function warnings(): { logger: Logger; lines: [unknown, string | undefined][] } {
  const lines: [unknown, string | undefined][] = [];
  const ignore = (): void => undefined;
  return {
    logger: { debug: ignore, info: ignore, error: ignore, warn: (o, m) => lines.push([o, m]) },
    lines,
  };
}

describe.each(DRIVERS)('the round recorded in the store', (driver) => {
  (driver.skip ? describe.skip : describe)(driver.skip ?? `${driver.driver} store`, () => {
    let db: TestDatabase;
    let store: ConnectionStore;

    beforeEach(async () => {
      db = await driver.fresh();
      store = await db.open();
      await store.saveConnection({ workspaceId: 'ws-ok', scopes: [], token: 'tok-ws-ok' });
      await store.saveConnection({ workspaceId: 'ws-gone', scopes: [], token: 'tok-ws-gone' });
    });
    afterEach(async () => db.cleanup());

    // ws-gone's token was revoked at Attio; ws-ok works.
    const check = async (token: string): Promise<CheckOutcome> =>
      token === 'tok-ws-gone'
        ? { ok: true, self: { active: false } }
        : { ok: true, self: { active: true, scopes: [], workspaceId: 'ws-ok', raw: {} } };

    it('when a full round finishes, then the store holds it with its owner, times, counts and exit code', async () => {
      const summary = await runRound(roundContext({ store, check }));
      expect(await store.lastRounds()).toEqual([
        {
          id: expect.any(Number),
          owner: 'test-owner',
          kind: 'round',
          startedAt: summary.startedAt,
          finishedAt: summary.finishedAt,
          checked: 2,
          counts: {
            unknown: 0,
            healthy: 1,
            revoked: 1,
            under_scoped: 0,
            workspace_mismatch: 0,
            failed_to_check: 0,
          },
          seenHealthy: 0,
          interrupted: false,
          exitCode: summary.exitCode,
        },
      ]);
      expect(summary.exitCode).toBe(1);
    });

    it('when the verdicts are written slowly, then each check reports its own duration, not the wait for its write', async () => {
      // A clock the test moves: each check takes 30 ms, each write of verdicts 5 s; one check at a time.
      let clock = 1_000_000;
      const slowWrites = Object.create(store, {
        record: {
          value: async (...args: Parameters<ConnectionStore['record']>) => {
            clock += 5_000;
            return store.record(...args);
          },
        },
      }) as ConnectionStore;
      const base = roundContext({
        store: slowWrites,
        check: async (token) => {
          clock += 30;
          return check(token);
        },
        env: { HEALTH_CONCURRENCY: '1' },
      });
      const ctx = { ...base, io: { ...base.io, now: () => clock } };
      await runRound(ctx);
      const checks = base.stdout
        .lines()
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l['type'] === 'check');
      expect(checks.map((c) => [c['workspaceId'], c['durationMs']])).toEqual([
        ['ws-gone', 30],
        ['ws-ok', 30],
      ]);
    });

    it('when only flagged connections are rechecked, then no round is recorded', async () => {
      const ctx = roundContext({ store, check });
      await store.recordObservations([
        { workspaceId: 'ws-gone', kind: 'unauthorized', at: new Date() },
      ]);
      const recheck = await leaseFlagged(ctx);
      expect(recheck.map((l) => l.connection.workspaceId)).toEqual(['ws-gone']);
      const summary = await runRound(ctx, { recheck });
      expect(summary.counts.revoked).toBe(1);
      expect(await store.lastRounds()).toEqual([]);
    });

    it('when the store fails to record the round, then the round still ends with its summary and a warning is logged', async () => {
      const { logger, lines } = warnings();
      const failing = Object.create(store, {
        recordRound: { value: async () => Promise.reject(new Error('database is locked')) },
      }) as ConnectionStore;
      const summary = await runRound(roundContext({ store: failing, check, logger }));
      expect(summary.checked).toBe(2);
      expect(summary.exitCode).toBe(1);
      expect(lines).toEqual([
        [
          { err: { name: 'Error', message: 'database is locked' } },
          'could not record the round in the store',
        ],
      ]);
      expect(await store.lastRounds()).toEqual([]);
    });
  });
});
