import type { ConnectionStore } from '../store/types.js';
import { fakeAttioToken } from './contract-harness.js';
import type { ContractEnv } from './contract-env.js';

const HOUR = 3_600_000;

async function seed(store: ConnectionStore, ids: string[]): Promise<void> {
  for (const id of ids)
    await store.saveConnection({
      workspaceId: id,
      scopes: [],
      token: fakeAttioToken(),
    });
}

/** recordHealth semantics, leaseDue, run locks. */
export function describeHealthAndLeasesContract(env: ContractEnv): void {
  it('when health is recorded, then statusSince moves only on a status change and failures count in a row', async () => {
    const { store, clock } = await env.setup();
    await seed(store, ['ws-1']);
    const t0 = clock.now();
    expect(await store.recordHealth('ws-1', { status: 'healthy', checkedAt: t0 })).toEqual({
      previous: 'unknown',
      current: 'healthy',
      consecutiveFailures: 0,
    });
    const t1 = new Date(t0.getTime() + HOUR);
    await store.recordHealth('ws-1', { status: 'healthy', checkedAt: t1 });
    expect((await store.getConnection('ws-1'))?.health).toEqual({
      status: 'healthy',
      statusSince: t0,
      lastCheckedAt: t1,
      consecutiveFailures: 0,
      lastErrorCode: null,
      missingScopes: [],
    });
    const t2 = new Date(t1.getTime() + HOUR);
    const t3 = new Date(t2.getTime() + HOUR);
    expect(
      await store.recordHealth('ws-1', {
        status: 'failed_to_check',
        checkedAt: t2,
        errorCode: 'ATTIO_TIMEOUT',
      }),
    ).toEqual({
      previous: 'healthy',
      current: 'failed_to_check',
      consecutiveFailures: 1,
    });
    expect(
      await store.recordHealth('ws-1', {
        status: 'failed_to_check',
        checkedAt: t3,
        errorCode: 'ATTIO_CONNECTION',
      }),
    ).toEqual({
      previous: 'failed_to_check',
      current: 'failed_to_check',
      consecutiveFailures: 2,
    });
    expect((await store.getConnection('ws-1'))?.health).toEqual({
      status: 'failed_to_check',
      statusSince: t2,
      lastCheckedAt: t3,
      consecutiveFailures: 2,
      lastErrorCode: 'ATTIO_CONNECTION',
      missingScopes: [],
    });
    const t4 = new Date(t3.getTime() + HOUR);
    expect(
      await store.recordHealth('ws-1', {
        status: 'under_scoped',
        checkedAt: t4,
        missingScopes: ['record_permission:read-write'],
      }),
    ).toEqual({
      previous: 'failed_to_check',
      current: 'under_scoped',
      consecutiveFailures: 0,
    });
    expect((await store.getConnection('ws-1'))?.health).toEqual({
      status: 'under_scoped',
      statusSince: t4,
      lastCheckedAt: t4,
      consecutiveFailures: 0,
      lastErrorCode: null,
      missingScopes: ['record_permission:read-write'],
    });
  });

  it('when health is recorded for an unknown workspace or with a bad status, then a typed error says so', async () => {
    const { store, clock } = await env.setup();
    await expect(
      store.recordHealth('gone', { status: 'healthy', checkedAt: clock.now() }),
    ).rejects.toMatchObject({
      code: 'STORE_CONNECTION_NOT_FOUND',
      message: 'No connection is stored for workspace "gone"; it may have been deleted. Skip it.',
    });
    await seed(store, ['ws-1']);
    await expect(
      store.recordHealth('ws-1', {
        status: 'fine' as 'healthy',
        checkedAt: clock.now(),
      }),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message:
        'status must be one of unknown, healthy, revoked, under_scoped, workspace_mismatch, failed_to_check.',
    });
  });

  it('when leasing, then never-checked and stale connections are claimed first, up to limit, and fresh ones never', async () => {
    const { store, clock } = await env.setup();
    await seed(store, ['ws-a', 'ws-b', 'ws-c', 'ws-d']);
    await store.recordHealth('ws-a', {
      status: 'healthy',
      checkedAt: new Date(clock.now().getTime() - 3 * HOUR),
    });
    await store.recordHealth('ws-b', {
      status: 'healthy',
      checkedAt: clock.now(),
    });
    const dueBefore = new Date(clock.now().getTime() - HOUR);
    const first = await store.leaseDue({
      owner: 'o1',
      limit: 2,
      leaseMs: 60_000,
      dueBefore,
    });
    expect(first.map((c) => c.workspaceId)).toEqual(['ws-c', 'ws-d']);
    const second = await store.leaseDue({
      owner: 'o2',
      limit: 10,
      leaseMs: 60_000,
      dueBefore,
    });
    expect(second.map((c) => c.workspaceId)).toEqual(['ws-a']);
    expect(
      await store.leaseDue({
        owner: 'o3',
        limit: 10,
        leaseMs: 60_000,
        dueBefore,
      }),
    ).toEqual([]);
  });

  it('when a lease expires, then another owner takes it over; recording health releases it', async () => {
    const { store, clock } = await env.setup();
    await seed(store, ['ws-1', 'ws-2']);
    const dueBefore = clock.now();
    expect(
      (
        await store.leaseDue({
          owner: 'o1',
          limit: 5,
          leaseMs: 30_000,
          dueBefore,
        })
      ).length,
    ).toBe(2);
    clock.advance(29_999);
    expect(
      await store.leaseDue({
        owner: 'o2',
        limit: 5,
        leaseMs: 30_000,
        dueBefore,
      }),
    ).toEqual([]);
    clock.advance(1);
    const takenOver = await store.leaseDue({
      owner: 'o2',
      limit: 5,
      leaseMs: 30_000,
      dueBefore,
    });
    expect(takenOver.map((c) => c.workspaceId)).toEqual(['ws-1', 'ws-2']);
    // A check recorded before `dueBefore` leaves the row due; the cleared lease makes it claimable at once.
    await store.recordHealth('ws-1', {
      status: 'healthy',
      checkedAt: new Date(dueBefore.getTime() - 1),
    });
    const again = await store.leaseDue({
      owner: 'o3',
      limit: 5,
      leaseMs: 30_000,
      dueBefore,
    });
    expect(again.map((c) => c.workspaceId)).toEqual(['ws-1']);
  });

  it('when several stores lease at once, then no connection is leased twice and all are leased', async () => {
    const { db, store, keys, clock } = await env.setup();
    const ids = Array.from({ length: 40 }, (_, i) => `ws-${String(i).padStart(2, '0')}`);
    await seed(store, ids);
    const others = await Promise.all(
      [1, 2, 3].map(() => env.tracker.openOn(db, { keyRing: keys.ring, now: clock.now })),
    );
    const leasers = [store, ...others];
    const claimed: string[] = [];
    const rounds = leasers.map(async (s, i) => {
      // Each leaser keeps claiming until it finds nothing left; together they must cover every row once.
      for (;;) {
        const batch = await s.leaseDue({
          owner: `o${i}`,
          limit: 3,
          leaseMs: 60_000,
          dueBefore: clock.now(),
        });
        if (batch.length === 0) return;
        claimed.push(...batch.map((c) => c.workspaceId));
      }
    });
    await Promise.all(rounds);
    expect(claimed.length).toBe(new Set(claimed).size);
    expect([...claimed].sort()).toEqual(ids);
  });

  it('when run locks are used, then one owner holds it until release or expiry', async () => {
    const { store, clock } = await env.setup();
    expect(await store.acquireRunLock('health', 'a', 10_000)).toBe(true);
    expect(await store.acquireRunLock('health', 'b', 10_000)).toBe(false);
    expect(await store.acquireRunLock('other', 'b', 10_000)).toBe(true);
    expect(await store.acquireRunLock('health', 'a', 10_000)).toBe(true);
    clock.advance(9_000);
    expect(await store.renewRunLock('health', 'a', 10_000)).toBe(true);
    expect(await store.renewRunLock('health', 'b', 10_000)).toBe(false);
    clock.advance(9_999);
    expect(await store.acquireRunLock('health', 'b', 10_000)).toBe(false);
    clock.advance(1);
    expect(await store.acquireRunLock('health', 'b', 10_000)).toBe(true);
    expect(await store.renewRunLock('health', 'a', 10_000)).toBe(false);
    expect(await store.releaseRunLock('health', 'a')).toBe(false);
    expect(await store.releaseRunLock('health', 'b')).toBe(true);
    expect(await store.acquireRunLock('health', 'a', 10_000)).toBe(true);
  });
}
