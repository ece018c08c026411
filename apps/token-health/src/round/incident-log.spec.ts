import type { ConnectionStore } from '@attio-auth/connection-store';
import { DRIVERS, type TestDatabase } from '../testing/test-stores.js';
import { memoryIncidentLog, storeIncidentLog } from './incident-log.js';

describe.each(DRIVERS)('storeIncidentLog', (driver) => {
  (driver.skip ? describe.skip : describe)(driver.skip ?? `${driver.driver} store`, () => {
    let db: TestDatabase;
    let store: ConnectionStore;
    beforeEach(async () => {
      db = await driver.fresh();
      store = await db.open();
    });
    afterEach(async () => db.cleanup());

    const types = async () => (await store.listEvents({ limit: 100 })).map((e) => e.type).reverse();

    it('when no incident event exists, then none is open and closing writes nothing', async () => {
      const log = storeIncidentLog(store);
      expect(await log.current()).toBe(undefined);
      await log.close({ checked: 3 });
      expect(await types()).toEqual([]);
    });

    it('when two processes open an incident one after the other, then one attio.unreachable is written and the second joins it', async () => {
      const [first, second] = [storeIncidentLog(store), storeIncidentLog(await db.open())];
      const a = await first.open({ reason: 'timeout', failures: 5 });
      const b = await second.open({ reason: 'http_5xx', failures: 7 });
      expect(a.created).toBe(true);
      expect(b).toEqual({ incident: a.incident, created: false });
      expect(a.incident.reason).toBe('timeout');
      expect(await types()).toEqual(['attio.unreachable']);
    });

    it('when an open incident is closed, then one attio.reachable names it and a new outage opens a new incident', async () => {
      const log = storeIncidentLog(store);
      const { incident } = await log.open({ reason: 'unreachable', failures: 5 });
      await log.close({ checked: 40 });
      expect(await log.current()).toBe(undefined);
      const [reachable] = await store.listEvents({ type: 'attio.reachable', limit: 1 });
      expect(reachable?.data).toEqual({
        reason: 'unreachable',
        incident_id: incident.eventId,
        opened_at: incident.openedAt.toISOString(),
        checked: 40,
      });
      await log.close({ checked: 40 });
      const again = await log.open({ reason: 'rate_limited', failures: 5 });
      expect(again.created).toBe(true);
      expect(again.incident.eventId).not.toBe(incident.eventId);
      expect(await types()).toEqual(['attio.unreachable', 'attio.reachable', 'attio.unreachable']);
    });
  });
});

describe('memoryIncidentLog', () => {
  it('when an incident is opened twice and closed, then it is open once and then gone', async () => {
    const log = memoryIncidentLog(() => 1000);
    const a = await log.open({ reason: 'timeout' });
    expect(a).toEqual({
      incident: { eventId: 'incident_1', openedAt: new Date(1000), reason: 'timeout' },
      created: true,
    });
    expect((await log.open({ reason: 'http_5xx' })).created).toBe(false);
    await log.close({});
    expect(await log.current()).toBe(undefined);
  });
});
