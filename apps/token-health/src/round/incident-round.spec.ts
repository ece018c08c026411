import { fromResponse } from '@attio-auth/attio-errors';
import type { ConnectionStore } from '@attio-auth/connection-store';
import { roundContext } from '../testing/round-context.js';
import { DRIVERS, type TestDatabase } from '../testing/test-stores.js';
import type { CheckOutcome } from './classify.js';
import { runRound } from './health-round.js';

jest.setTimeout(30_000);

/** What Attio answers for every token this round. */
type Mode = 'down' | 'up';

describe.each(DRIVERS)('Attio incidents in a round (injected outcomes)', (driver) => {
  (driver.skip ? describe.skip : describe)(driver.skip ?? `${driver.driver} store`, () => {
    let db: TestDatabase;
    let store: ConnectionStore;
    let mode: Mode;
    /** Tokens Attio says are revoked, whatever the mode (a real revoke during the incident). */
    let revoked: Set<string>;

    beforeEach(async () => {
      db = await driver.fresh();
      store = await db.open();
      mode = 'down';
      revoked = new Set();
    });
    afterEach(async () => db.cleanup());

    const COUNT = 40;
    const ws = (i: number) => `ws_${String(i).padStart(3, '0')}`;
    async function seed() {
      for (let i = 0; i < COUNT; i += 1)
        await store.saveConnection({ workspaceId: ws(i), scopes: [], token: `tok-${ws(i)}` });
    }
    const check = async (token: string): Promise<CheckOutcome> => {
      if (revoked.has(token)) return { ok: true, self: { active: false } };
      if (mode === 'down') return { ok: false, error: fromResponse(503, {}, '') };
      const workspaceId = token.slice('tok-'.length);
      return { ok: true, self: { active: true, scopes: [], workspaceId, raw: {} } };
    };
    /**
     * One round, one check at a time (so the threshold falls on a known check). A connection is due
     * when last checked strictly before the round started, so the next round must start at a later
     * millisecond than this one's last check: back to back on a fast machine they can share one.
     */
    const round = async () => {
      const summary = await runRound(
        roundContext({ store, check, env: { HEALTH_CONCURRENCY: '1' } }),
      );
      const finished = Date.now();
      while (Date.now() <= finished) await new Promise((resolve) => setTimeout(resolve, 1));
      return summary;
    };
    const events = async () =>
      (await store.listEvents({ limit: 1000 }))
        .filter((e) => !e.type.startsWith('connection.'))
        .map((e) => e.type)
        .reverse();

    it('when every check of a round fails with a 503, then the 5th failure opens one incident and the rest are suppressed', async () => {
      await seed();
      const summary = await round();

      expect(summary.counts.failed_to_check).toBe(COUNT);
      expect(summary.incident).toEqual({
        open: true,
        opened: true,
        recovered: false,
        reason: 'http_5xx',
      });
      // Checks 5..40 were recorded while the incident was open.
      expect(summary.suppressed).toBe(COUNT - 4);
      expect(await events()).toEqual(['attio.unreachable']);
      const [unreachable] = await store.listEvents({ type: 'attio.unreachable', limit: 1 });
      expect(unreachable?.workspaceId).toBe(null);
      expect(unreachable?.data).toEqual({
        reason: 'http_5xx',
        failures: 5,
        checked: 5,
        round_size: COUNT,
        threshold: 5,
      });
      expect((await store.getConnection(ws(0)))?.health).toMatchObject({
        status: 'failed_to_check',
        consecutiveFailures: 1,
      });
    });

    it('when the outage lasts four rounds and then ends, then one attio.unreachable, one attio.reachable and no per-connection event', async () => {
      await seed();
      for (let r = 0; r < 4; r += 1) await round();
      // Past HEALTH_FAILURE_THRESHOLD (3) consecutive failures: only the incident kept them quiet.
      expect((await store.getConnection(ws(7)))?.health.consecutiveFailures).toBe(4);
      expect(await events()).toEqual(['attio.unreachable']);

      mode = 'up';
      const recovery = await round();
      expect(recovery.counts.healthy).toBe(COUNT);
      expect(recovery.incident).toEqual({
        open: false,
        opened: false,
        recovered: true,
        reason: 'http_5xx',
      });
      expect(await events()).toEqual(['attio.unreachable', 'attio.reachable']);
      const [reachable] = await store.listEvents({ type: 'attio.reachable', limit: 1 });
      const [unreachable] = await store.listEvents({ type: 'attio.unreachable', limit: 1 });
      expect(reachable?.data).toMatchObject({
        reason: 'http_5xx',
        incident_id: unreachable?.id,
        checked: COUNT,
        failures: {},
      });

      const after = await round();
      expect(after.incident).toEqual({
        open: false,
        opened: false,
        recovered: false,
        reason: null,
      });
      expect(await events()).toEqual(['attio.unreachable', 'attio.reachable']);
    });

    it('when a token is revoked during the incident, then its health.broken is still written', async () => {
      await seed();
      await round();
      revoked.add(`tok-${ws(12)}`);
      const during = await round();
      expect(during.counts).toMatchObject({ revoked: 1, failed_to_check: COUNT - 1 });
      expect(during.incident.open).toBe(true);

      const broken = await store.listEvents({ type: 'health.broken', limit: 10 });
      expect(broken.map((e) => [e.workspaceId, e.data.new_status])).toEqual([[ws(12), 'revoked']]);
      expect(await events()).toEqual(['attio.unreachable', 'health.broken']);
    });

    it('when only 4 checks of 40 fail, then no incident opens and, under the failure threshold, no event is written', async () => {
      await seed();
      mode = 'up';
      const failing = new Set([1, 9, 17, 33].map((i) => `tok-${ws(i)}`));
      const flaky = async (token: string): Promise<CheckOutcome> =>
        failing.has(token) ? { ok: false, error: fromResponse(502, {}, '') } : check(token);
      const summary = await runRound(
        roundContext({ store, check: flaky, env: { HEALTH_CONCURRENCY: '1' } }),
      );
      expect(summary.counts).toMatchObject({ healthy: 36, failed_to_check: 4 });
      expect(summary.suppressed).toBe(0);
      expect(summary.incident.open).toBe(false);
      expect(await events()).toEqual([]);
    });

    it('when a new process starts while an incident is open, then it suppresses from its first check and opens no second incident', async () => {
      await seed();
      await round();
      // A fresh store handle and context: only the store's events say the incident is open.
      const other = await db.open();
      const summary = await runRound(
        roundContext({ store: other, check, env: { HEALTH_CONCURRENCY: '4' } }),
      );
      expect(summary.suppressed).toBe(COUNT);
      expect(summary.incident).toEqual({
        open: true,
        opened: false,
        recovered: false,
        reason: 'http_5xx',
      });
      expect(await events()).toEqual(['attio.unreachable']);
    });
  });
});
