import { it, expect } from '@jest/globals';
import type { ConnectionStore, HealthResult, HealthStatus } from '../store/types.js';
import { fakeAttioToken, seedConnections } from './contract-harness.js';
import type { ContractEnv } from './contract-env.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

async function verdict(
  store: ConnectionStore,
  workspaceId: string,
  result: HealthResult,
): Promise<void> {
  await store.record([{ workspaceId, result }]);
}

/** Every status at 0, with the given ones set. */
function counts(set: Partial<Record<HealthStatus, number>>): Record<HealthStatus, number> {
  return {
    unknown: 0,
    healthy: 0,
    revoked: 0,
    under_scoped: 0,
    workspace_mismatch: 0,
    failed_to_check: 0,
    ...set,
  };
}

/** Health history: the changes recorded with the status, the timeline, counts over time, retention. */
export function describeHealthHistoryContract(env: ContractEnv): void {
  it('when a connection is installed, checked, broken and re-installed, then its history lists every status change newest first with reason and missing scopes', async () => {
    const { store, clock } = await env.setup();
    const t0 = clock.now();
    await seedConnections(store, ['ws-1']);
    const t1 = new Date(t0.getTime() + MINUTE);
    await verdict(store, 'ws-1', { status: 'healthy', checkedAt: t1 });
    // The same status again is no change: nothing recorded.
    await verdict(store, 'ws-1', { status: 'healthy', checkedAt: new Date(t1.getTime() + MINUTE) });
    const t2 = new Date(t0.getTime() + 3 * MINUTE);
    await verdict(store, 'ws-1', {
      status: 'under_scoped',
      checkedAt: t2,
      errorCode: 'ATTIO_SCOPE_MISSING',
      missingScopes: ['record_permission:read-write'],
    });
    clock.advance(4 * MINUTE);
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });

    const history = await store.healthHistory('ws-1');
    // Ids are the store's own; everything else is exact.
    expect(history.map((entry) => ({ ...entry, id: undefined }))).toEqual([
      {
        workspaceId: 'ws-1',
        from: 'under_scoped',
        to: 'unknown',
        at: clock.now(),
        reasonCode: 'reinstalled',
        missingScopes: [],
      },
      {
        workspaceId: 'ws-1',
        from: 'healthy',
        to: 'under_scoped',
        at: t2,
        reasonCode: 'ATTIO_SCOPE_MISSING',
        missingScopes: ['record_permission:read-write'],
      },
      {
        workspaceId: 'ws-1',
        from: 'unknown',
        to: 'healthy',
        at: t1,
        reasonCode: null,
        missingScopes: [],
      },
      {
        workspaceId: 'ws-1',
        from: null,
        to: 'unknown',
        at: t0,
        reasonCode: 'installed',
        missingScopes: [],
      },
    ]);
    expect(await store.healthHistory('ws-other')).toEqual([]);
  });

  it('when a batch of verdicts is recorded, then only the connections whose status changed get a history row, in the same write', async () => {
    const { store, clock } = await env.setup();
    await seedConnections(store, ['ws-a', 'ws-b', 'ws-c']);
    const at = new Date(clock.now().getTime() + MINUTE);
    await store.record(
      ['ws-a', 'ws-b', 'ws-c'].map((workspaceId) => ({
        workspaceId,
        result: { status: 'healthy' as const, checkedAt: at },
      })),
    );
    const later = new Date(at.getTime() + MINUTE);
    await store.record([
      { workspaceId: 'ws-a', result: { status: 'healthy', checkedAt: later } },
      { workspaceId: 'ws-b', result: { status: 'revoked', checkedAt: later } },
      { workspaceId: 'ws-c', result: { status: 'healthy', checkedAt: later } },
      { workspaceId: 'ws-gone', result: { status: 'revoked', checkedAt: later } },
    ]);
    const tos = async (id: string) => (await store.healthHistory(id)).map((h) => [h.from, h.to]);
    expect(await tos('ws-a')).toEqual([
      ['unknown', 'healthy'],
      [null, 'unknown'],
    ]);
    expect(await tos('ws-b')).toEqual([
      ['healthy', 'revoked'],
      ['unknown', 'healthy'],
      [null, 'unknown'],
    ]);
    expect(await tos('ws-gone')).toEqual([]);
  });

  it('when the history is read in pages, then each page continues after the last entry of the previous one, ties on the time included', async () => {
    const { store, clock } = await env.setup();
    await seedConnections(store, ['ws-1']);
    const at = clock.now();
    // Six changes at the same millisecond as the install: only the id orders them.
    const statuses: HealthStatus[] = [
      'healthy',
      'revoked',
      'healthy',
      'failed_to_check',
      'healthy',
    ];
    for (const status of statuses) await verdict(store, 'ws-1', { status, checkedAt: at });
    const all = await store.healthHistory('ws-1', { limit: 100 });
    expect(all.map((h) => h.to)).toEqual([...statuses].reverse().concat(['unknown']));
    const first = await store.healthHistory('ws-1', { limit: 4 });
    const second = await store.healthHistory('ws-1', { limit: 4, before: first.at(-1) });
    expect([...first, ...second]).toEqual(all);
    expect(second).toHaveLength(2);
    expect(await store.healthHistory('ws-1', { before: all.at(-1) })).toEqual([]);
    await expect(store.healthHistory('ws-1', { limit: 0 })).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
    });
  });

  it('when counts over time are asked, then each point holds the live connections by status at its bucket end', async () => {
    const { store, clock } = await env.setup();
    const from = clock.now();
    clock.advance(MINUTE); // installs at from + 1 min
    await seedConnections(store, ['ws-a', 'ws-b', 'ws-c', 'ws-d']);
    const at = (min: number) => new Date(from.getTime() + min * MINUTE);
    for (const id of ['ws-a', 'ws-b', 'ws-c', 'ws-d'])
      await verdict(store, id, { status: 'healthy', checkedAt: at(11) });
    await verdict(store, 'ws-b', { status: 'revoked', checkedAt: at(25) });
    await verdict(store, 'ws-c', { status: 'under_scoped', checkedAt: at(30) });
    await verdict(store, 'ws-c', { status: 'healthy', checkedAt: at(45) });
    // After the range: undone for every point.
    await verdict(store, 'ws-a', { status: 'failed_to_check', checkedAt: at(70) });
    clock.advance(70 * MINUTE);
    await seedConnections(store, ['ws-late']); // installed after the range: counts in no point
    await seedConnections(store, ['ws-gone']);
    await store.softDeleteConnection('ws-gone', { revoke: null }); // not live: counts nowhere

    const series = await store.statusCountsOverTime({ from, to: at(60), buckets: 4 });
    expect(series.bucketMs).toBe(15 * MINUTE);
    expect(series.from).toEqual(from);
    expect(series.to).toEqual(at(60));
    expect(series.points).toEqual([
      { at: at(15), counts: counts({ healthy: 4 }) },
      { at: at(30), counts: counts({ healthy: 2, revoked: 1, under_scoped: 1 }) },
      { at: at(45), counts: counts({ healthy: 3, revoked: 1 }) },
      { at: at(60), counts: counts({ healthy: 3, revoked: 1 }) },
    ]);
    expect(await store.countByStatus()).toEqual(
      counts({ healthy: 2, revoked: 1, failed_to_check: 1, unknown: 1 }),
    );
    const before = await store.statusCountsOverTime({ from, to: at(10), buckets: 1 });
    expect(before.points).toEqual([{ at: at(10), counts: counts({ unknown: 4 }) }]);
    await expect(store.statusCountsOverTime({ from, to: from, buckets: 4 })).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
    });
  });

  it('when the history is purged before a time, then older changes go and newer ones stay; a hard delete takes a connection’s history with it', async () => {
    const { store, clock } = await env.setup();
    await seedConnections(store, ['ws-1', 'ws-2']);
    const t0 = clock.now();
    await verdict(store, 'ws-1', { status: 'healthy', checkedAt: new Date(t0.getTime() + DAY) });
    await verdict(store, 'ws-1', {
      status: 'revoked',
      checkedAt: new Date(t0.getTime() + 10 * DAY),
    });
    expect(await store.purgeHealthHistory({ before: new Date(t0.getTime() + 5 * DAY) })).toBe(3);
    expect((await store.healthHistory('ws-1')).map((h) => [h.from, h.to])).toEqual([
      ['healthy', 'revoked'],
    ]);
    expect(await store.healthHistory('ws-2')).toEqual([]);
    expect(await store.purgeHealthHistory({ before: t0 })).toBe(0);
    expect(await store.deleteConnection('ws-1')).toBe(true);
    await seedConnections(store, ['ws-1']);
    expect((await store.healthHistory('ws-1')).map((h) => [h.from, h.to])).toEqual([
      [null, 'unknown'],
    ]);
  });
}
