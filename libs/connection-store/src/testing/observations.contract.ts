import { it, expect } from '@jest/globals';
import { createObservationRecorder } from '../store/observation-recorder.js';
import type { ConnectionStore } from '../store/types.js';
import { seedConnections } from './contract-harness.js';
import type { ContractEnv } from './contract-env.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Every seeded connection checked healthy at `at`. */
async function allHealthy(store: ConnectionStore, ids: string[], at: Date): Promise<void> {
  await store.record(
    ids.map((workspaceId) => ({ workspaceId, result: { status: 'healthy', checkedAt: at } })),
  );
}

const lease = { owner: 'checker-1', limit: 10, leaseMs: MINUTE };

/** Observations from live traffic: recorder, flagged lease, seen-healthy skip. */
export function describeObservationsContract(env: ContractEnv): void {
  it('when a failure is observed, then leaseFlagged hands that connection out once, with its token, and clears the flag', async () => {
    const { store, clock } = await env.setup();
    await seedConnections(store, ['ws-1', 'ws-2', 'ws-3']);
    expect(
      await store.recordObservations([
        { workspaceId: 'ws-2', kind: 'unauthorized', at: clock.now() },
        { workspaceId: 'ws-3', kind: 'success', at: clock.now() },
        { workspaceId: 'ws-unknown', kind: 'forbidden', at: clock.now() },
      ]),
    ).toBe(2);
    const leased = await store.leaseFlagged(lease);
    expect(leased.map((l) => l.connection.workspaceId)).toEqual(['ws-2']);
    expect(leased[0]?.openToken()).toMatch(/^[A-Za-z0-9_-]+$/);
    // Flag consumed and row leased: neither another flagged lease nor the round's lease gets it.
    expect(await store.leaseFlagged({ ...lease, owner: 'checker-2' })).toEqual([]);
    const round = await store.lease({ ...lease, owner: 'checker-2', dueBefore: clock.now() });
    expect(round.map((l) => l.connection.workspaceId).sort()).toEqual(['ws-1', 'ws-3']);
  });

  it('when a flagged connection is leased by the round, then leaseFlagged waits until that lease is free', async () => {
    const { store, clock } = await env.setup();
    await seedConnections(store, ['ws-1']);
    expect((await store.lease({ ...lease, dueBefore: clock.now() })).length).toBe(1);
    await store.recordObservations([{ workspaceId: 'ws-1', kind: 'inactive', at: clock.now() }]);
    expect(await store.leaseFlagged({ ...lease, owner: 'checker-2' })).toEqual([]);
    clock.advance(MINUTE);
    expect(
      (await store.leaseFlagged({ ...lease, owner: 'checker-2' })).map(
        (l) => l.connection.workspaceId,
      ),
    ).toEqual(['ws-1']);
  });

  it('when healthy due connections were seen working since the bound, then skipSeenHealthy takes exactly those out of the round', async () => {
    const { store, clock } = await env.setup();
    const ids = ['ws-seen', 'ws-old-seen', 'ws-flagged', 'ws-broken', 'ws-unseen'];
    await seedConnections(store, ids);
    const checked = clock.now();
    await allHealthy(
      store,
      ids.filter((id) => id !== 'ws-broken'),
      checked,
    );
    await store.record([
      { workspaceId: 'ws-broken', result: { status: 'revoked', checkedAt: checked } },
    ]);
    clock.advance(HOUR);
    const seenAt = new Date(clock.now().getTime() - MINUTE);
    await store.recordObservations([
      { workspaceId: 'ws-seen', kind: 'success', at: seenAt },
      {
        workspaceId: 'ws-old-seen',
        kind: 'success',
        at: new Date(clock.now().getTime() - 30 * MINUTE),
      },
      { workspaceId: 'ws-flagged', kind: 'success', at: seenAt },
      { workspaceId: 'ws-broken', kind: 'success', at: seenAt },
    ]);
    await store.recordObservations([
      { workspaceId: 'ws-flagged', kind: 'unauthorized', at: clock.now() },
    ]);
    // A round with a 30-minute interval: checked an hour ago is due; seen a minute ago is not, after the skip.
    const dueBefore = new Date(clock.now().getTime() - 30 * MINUTE);
    const seenSince = new Date(clock.now().getTime() - 10 * MINUTE);
    expect(await store.skipSeenHealthy({ dueBefore, seenSince, limit: 100 })).toBe(1);
    expect((await store.getConnection('ws-seen'))?.health.lastCheckedAt).toEqual(seenAt);
    expect((await store.getConnection('ws-seen'))?.health.status).toBe('healthy');
    // Skipped once: the same bounds skip nothing more.
    expect(await store.skipSeenHealthy({ dueBefore, seenSince, limit: 100 })).toBe(0);
    const round = await store.lease({ ...lease, dueBefore });
    expect(round.map((l) => l.connection.workspaceId).sort()).toEqual([
      'ws-broken',
      'ws-flagged',
      'ws-old-seen',
      'ws-unseen',
    ]);
  });

  it('when an older success arrives after a newer one, then last seen does not move back', async () => {
    const { store, clock } = await env.setup();
    await seedConnections(store, ['ws-1']);
    await allHealthy(store, ['ws-1'], clock.now());
    clock.advance(HOUR);
    const newer = new Date(clock.now().getTime() - MINUTE);
    await store.recordObservations([{ workspaceId: 'ws-1', kind: 'success', at: newer }]);
    expect(
      await store.recordObservations([
        { workspaceId: 'ws-1', kind: 'success', at: new Date(newer.getTime() - MINUTE) },
      ]),
    ).toBe(0);
    await store.skipSeenHealthy({
      dueBefore: new Date(clock.now().getTime() - 30 * MINUTE),
      seenSince: new Date(0),
      limit: 10,
    });
    expect((await store.getConnection('ws-1'))?.health.lastCheckedAt).toEqual(newer);
  });

  it('when an observation has an unknown kind, then recordObservations rejects with STORE_INPUT_INVALID and writes nothing', async () => {
    const { store, clock } = await env.setup();
    await seedConnections(store, ['ws-1']);
    await expect(
      store.recordObservations([
        { workspaceId: 'ws-1', kind: 'unauthorized', at: clock.now() },
        { workspaceId: 'ws-1', kind: 'teapot' as 'success', at: clock.now() },
      ]),
    ).rejects.toMatchObject({ code: 'STORE_INPUT_INVALID' });
    expect(await store.leaseFlagged(lease)).toEqual([]);
  });

  it('when a recorder sees many calls, then one flush writes only the latest observation per workspace', async () => {
    const { store, clock } = await env.setup();
    await seedConnections(store, ['ws-1', 'ws-2']);
    const written: number[] = [];
    const recorder = createObservationRecorder({
      store: {
        recordObservations: async (batch) => {
          written.push(batch.length);
          return store.recordObservations(batch);
        },
      },
      flushEveryMs: 3_600_000,
    });
    const t = clock.now().getTime();
    for (let i = 0; i < 500; i += 1)
      recorder.observe({ kind: 'success', at: t + i, workspaceId: 'ws-1' });
    recorder.observe({ kind: 'success', at: t, workspaceId: 'ws-2' });
    recorder.observe({ kind: 'unauthorized', at: t + 1, workspaceId: 'ws-2' });
    recorder.observe({ kind: 'success', at: t + 2 }); // no workspace: dropped
    await recorder.close();
    recorder.observe({ kind: 'unauthorized', at: t + 3, workspaceId: 'ws-1' }); // after close: dropped
    await recorder.flush();
    expect(written).toEqual([2]);
    expect((await store.leaseFlagged(lease)).map((l) => l.connection.workspaceId)).toEqual([
      'ws-2',
    ]);
  });
}
