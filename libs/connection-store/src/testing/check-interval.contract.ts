import { it, expect } from '@jest/globals';
import type { CheckInterval, ConnectionStore, HealthStatus } from '../store/types.js';
import { fakeAttioToken, seedConnections, type TestDatabase } from './contract-harness.js';
import type { ContractEnv } from './contract-env.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const checkInterval: CheckInterval = { minMs: HOUR, maxMs: 8 * HOUR, failingMs: 10 * MINUTE };
const lease = { owner: 'checker-1', limit: 10, leaseMs: MINUTE };

/** Records one verdict at `at` with the policy above. */
async function verdict(
  store: ConnectionStore,
  workspaceId: string,
  status: HealthStatus,
  at: number,
): Promise<void> {
  await store.record([{ workspaceId, result: { status, checkedAt: new Date(at) } }], {
    checkInterval,
  });
}

/** The stored due time of one connection, as ms after `t0` (null: due first). */
async function dueAfter(db: TestDatabase, workspaceId: string, t0: number): Promise<number | null> {
  const [row] = await db.rawQuery(
    `SELECT next_check_at_ms FROM connections WHERE workspace_id = '${workspaceId}'`,
  );
  return row?.next_check_at_ms === null ? null : Number(row?.next_check_at_ms) - t0;
}

/** The workspace ids the round's lease takes at `dueBefore` (they stay leased: no later call gets them). */
async function dueIds(store: ConnectionStore, dueBefore: number): Promise<string[]> {
  const leased = await store.lease({ ...lease, dueBefore: new Date(dueBefore) });
  return leased.map((l) => l.connection.workspaceId).sort();
}

/** The bounded adaptive interval: per-connection due times written with each verdict. */
export function describeCheckIntervalContract(env: ContractEnv): void {
  it('when a connection stays healthy, then each check is due after as long as it has been healthy, from min up to max', async () => {
    const { db, store, clock } = await env.setup();
    await seedConnections(store, ['ws-1']);
    const t0 = clock.now().getTime();
    expect(await dueAfter(db, 'ws-1', t0)).toBeNull();
    const intervals: number[] = [];
    let at = t0;
    for (let i = 0; i < 6; i += 1) {
      await verdict(store, 'ws-1', 'healthy', at);
      const due = (await dueAfter(db, 'ws-1', t0)) as number;
      intervals.push((t0 + due - at) / HOUR);
      at = t0 + due;
    }
    expect(intervals).toEqual([1, 1, 2, 4, 8, 8]);
  });

  it('when a verdict is failing or definite, then it is due after the failing interval or after max; a recovery starts again at min', async () => {
    const { db, store, clock } = await env.setup();
    const t0 = clock.now().getTime();
    await seedConnections(store, ['ws-1']);
    const steps: Array<[HealthStatus, number]> = [];
    let at = t0;
    for (const status of [
      'healthy',
      'healthy',
      'healthy',
      'failed_to_check',
      'failed_to_check',
      'under_scoped',
      'revoked',
      'workspace_mismatch',
      'healthy',
      'healthy',
    ] as const) {
      await verdict(store, 'ws-1', status, at);
      const due = t0 + ((await dueAfter(db, 'ws-1', t0)) as number);
      steps.push([status, (due - at) / MINUTE]);
      at = due;
    }
    expect(steps).toEqual([
      ['healthy', 60],
      ['healthy', 60],
      ['healthy', 120],
      ['failed_to_check', 10],
      ['failed_to_check', 10],
      ['under_scoped', 10],
      ['revoked', 480],
      ['workspace_mismatch', 480],
      ['healthy', 60],
      ['healthy', 60],
    ]);
  });

  it('when connections have different due times, then the lease takes exactly those due before its bound, longest overdue first', async () => {
    const { store, clock } = await env.setup();
    const t0 = clock.now().getTime();
    await seedConnections(store, ['ws-failing', 'ws-healthy', 'ws-revoked', 'ws-new']);
    await verdict(store, 'ws-failing', 'failed_to_check', t0);
    await verdict(store, 'ws-healthy', 'healthy', t0);
    await verdict(store, 'ws-revoked', 'revoked', t0);
    clock.advance(11 * MINUTE);
    const first = await store.lease({ ...lease, dueBefore: clock.now() });
    expect(first.map((l) => l.connection.workspaceId)).toEqual(['ws-new', 'ws-failing']);
    // Exactly at the due time is not yet due (as "checked before the bound" was).
    expect(await dueIds(store, t0 + HOUR)).toEqual([]);
    expect(await dueIds(store, t0 + HOUR + 1)).toEqual(['ws-healthy']);
    expect(await dueIds(store, t0 + 8 * HOUR + 1)).toEqual(['ws-revoked']);
  });

  it('when connections are due at the same instant, then leases hand them out in workspace order, each once', async () => {
    const { store, clock } = await env.setup();
    const t0 = clock.now().getTime();
    const ids = ['ws-e', 'ws-c', 'ws-a', 'ws-d', 'ws-b'];
    await seedConnections(store, ids);
    await store.record(
      ids.map((workspaceId) => ({
        workspaceId,
        result: { status: 'healthy' as const, checkedAt: new Date(t0) },
      })),
      { checkInterval },
    );
    const batches: string[][] = [];
    for (let i = 0; i < 3; i += 1) {
      const leased = await store.lease({ ...lease, limit: 2, dueBefore: new Date(t0 + HOUR + 1) });
      batches.push(leased.map((l) => l.connection.workspaceId));
    }
    expect(batches).toEqual([['ws-a', 'ws-b'], ['ws-c', 'ws-d'], ['ws-e']]);
  });

  it('when a connection not due is re-installed or flagged by a client, then it is checked at once', async () => {
    const { store, clock } = await env.setup();
    const t0 = clock.now().getTime();
    await seedConnections(store, ['ws-reinstalled', 'ws-flagged', 'ws-quiet']);
    for (const id of ['ws-reinstalled', 'ws-flagged', 'ws-quiet']) {
      await verdict(store, id, 'revoked', t0);
    }
    await store.saveConnection({
      workspaceId: 'ws-reinstalled',
      scopes: [],
      token: fakeAttioToken(),
    });
    await store.recordObservations([
      { workspaceId: 'ws-flagged', kind: 'unauthorized', at: clock.now() },
    ]);
    expect(await dueIds(store, t0 + 1)).toEqual(['ws-reinstalled']);
    expect(
      (await store.leaseFlagged({ ...lease, owner: 'checker-2' })).map(
        (l) => l.connection.workspaceId,
      ),
    ).toEqual(['ws-flagged']);
  });

  it('when the interval policy is out of bounds, then record rejects it naming the field and writes nothing', async () => {
    const { db, store, clock } = await env.setup();
    const t0 = clock.now().getTime();
    await seedConnections(store, ['ws-1']);
    const entries = [
      { workspaceId: 'ws-1', result: { status: 'healthy' as const, checkedAt: clock.now() } },
    ];
    await expect(
      store.record(entries, { checkInterval: { minMs: HOUR, maxMs: HOUR, failingMs: 2 * HOUR } }),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: `checkInterval.failingMs must be an integer between 0 and ${HOUR}.`,
    });
    await expect(
      store.record(entries, { checkInterval: { minMs: HOUR, maxMs: MINUTE, failingMs: 0 } }),
    ).rejects.toMatchObject({ code: 'STORE_INPUT_INVALID' });
    expect(await dueAfter(db, 'ws-1', t0)).toBeNull();
  });
}
