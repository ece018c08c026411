import { it, expect } from '@jest/globals';
import type {
  ConnectionStore,
  HealthResult,
  HealthTransition,
  LeaseOptions,
} from '../store/types.js';
import { fakeAttioToken, ringWith } from './contract-harness.js';
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

/** One verdict: a batch of one. */
async function recordOne(
  store: ConnectionStore,
  workspaceId: string,
  result: HealthResult,
): Promise<HealthTransition | undefined> {
  const [transition] = await store.record([{ workspaceId, result }]);
  return transition;
}

/** The workspace ids of a lease, in the order the store hands them out. */
async function leaseIds(store: ConnectionStore, options: LeaseOptions): Promise<string[]> {
  return (await store.lease(options)).map((l) => l.connection.workspaceId);
}

/** record semantics, lease, run locks. */
export function describeHealthAndLeasesContract(env: ContractEnv): void {
  it('when health is recorded, then statusSince moves only on a status change and failures count in a row', async () => {
    const { store, clock } = await env.setup();
    await seed(store, ['ws-1']);
    const t0 = clock.now();
    expect(await recordOne(store, 'ws-1', { status: 'healthy', checkedAt: t0 })).toEqual({
      previous: 'unknown',
      current: 'healthy',
      consecutiveFailures: 0,
    });
    const t1 = new Date(t0.getTime() + HOUR);
    await recordOne(store, 'ws-1', { status: 'healthy', checkedAt: t1 });
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
      await recordOne(store, 'ws-1', {
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
      await recordOne(store, 'ws-1', {
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
      await recordOne(store, 'ws-1', {
        status: 'under_scoped',
        checkedAt: t4,
        missingScopes: ['record_permission:read-write'],
      }),
    ).toEqual({
      previous: 'failed_to_check',
      current: 'under_scoped',
      consecutiveFailures: 0,
      event: 'health.broken',
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

  it('when a verdict names an unknown workspace, then its answer is undefined; a bad status is a typed error', async () => {
    const { store, clock } = await env.setup();
    expect(await recordOne(store, 'gone', { status: 'healthy', checkedAt: clock.now() })).toBe(
      undefined,
    );
    await seed(store, ['ws-1']);
    await expect(
      recordOne(store, 'ws-1', {
        status: 'fine' as 'healthy',
        checkedAt: clock.now(),
      }),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message:
        'status must be one of unknown, healthy, revoked, under_scoped, workspace_mismatch, failed_to_check.',
    });
    await expect(store.record('ws-1' as never)).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'entries must be an array.',
    });
    expect(await store.record([])).toEqual([]);
  });

  it('when several verdicts are recorded at once, then each row gets its own and each answer its own transition', async () => {
    const { store, clock } = await env.setup();
    await seed(store, ['ws-a', 'ws-b']);
    const t0 = clock.now();
    await recordOne(store, 'ws-b', {
      status: 'failed_to_check',
      checkedAt: t0,
      errorCode: 'ATTIO_TIMEOUT',
    });
    await store.lease({
      owner: 'w1',
      limit: 10,
      leaseMs: 60_000,
      dueBefore: new Date(t0.getTime() + 1),
    });
    const t1 = new Date(t0.getTime() + HOUR);
    expect(
      await store.record([
        {
          workspaceId: 'ws-b',
          result: { status: 'failed_to_check', checkedAt: t1, errorCode: 'ATTIO_CONNECTION' },
        },
        { workspaceId: 'ws-gone', result: { status: 'healthy', checkedAt: t1 } },
        {
          workspaceId: 'ws-a',
          result: {
            status: 'under_scoped',
            checkedAt: t1,
            missingScopes: ['user_management:read'],
          },
        },
      ]),
    ).toEqual([
      { previous: 'failed_to_check', current: 'failed_to_check', consecutiveFailures: 2 },
      undefined,
      {
        previous: 'unknown',
        current: 'under_scoped',
        consecutiveFailures: 0,
        event: 'health.broken',
      },
    ]);
    expect((await store.getConnection('ws-a'))?.health).toEqual({
      status: 'under_scoped',
      statusSince: t1,
      lastCheckedAt: t1,
      consecutiveFailures: 0,
      lastErrorCode: null,
      missingScopes: ['user_management:read'],
    });
    expect((await store.getConnection('ws-b'))?.health).toEqual({
      status: 'failed_to_check',
      statusSince: t0,
      lastCheckedAt: t1,
      consecutiveFailures: 2,
      lastErrorCode: 'ATTIO_CONNECTION',
      missingScopes: [],
    });
    // The leases are cleared: another owner can claim both (they are due again an hour later).
    const later = new Date(t1.getTime() + HOUR);
    expect(
      (await leaseIds(store, { owner: 'w2', limit: 10, leaseMs: 60_000, dueBefore: later })).sort(),
    ).toEqual(['ws-a', 'ws-b']);
  });

  it('when a workspace appears twice in one batch, then its verdicts apply in input order', async () => {
    const { store, clock } = await env.setup();
    await seed(store, ['ws-a']);
    const t0 = clock.now();
    const t1 = new Date(t0.getTime() + HOUR);
    expect(
      await store.record([
        { workspaceId: 'ws-a', result: { status: 'healthy', checkedAt: t0 } },
        {
          workspaceId: 'ws-a',
          result: { status: 'revoked', checkedAt: t1, errorCode: 'ATTIO_TOKEN_INACTIVE' },
        },
      ]),
    ).toEqual([
      { previous: 'unknown', current: 'healthy', consecutiveFailures: 0 },
      { previous: 'healthy', current: 'revoked', consecutiveFailures: 0, event: 'health.broken' },
    ]);
    expect((await store.getConnection('ws-a'))?.health.statusSince).toEqual(t1);
  });

  it('when one entry of a batch is invalid, then nothing is written and the error names the field', async () => {
    const { store, clock } = await env.setup();
    await seed(store, ['ws-a']);
    await expect(
      store.record([
        { workspaceId: 'ws-a', result: { status: 'healthy', checkedAt: clock.now() } },
        { workspaceId: 'ws-a', result: { status: 'healthy', checkedAt: new Date(Number.NaN) } },
      ]),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'checkedAt must be a valid Date.',
    });
    expect((await store.getConnection('ws-a'))?.health.status).toBe('unknown');
  });

  it('when leasing, then never-checked and stale connections are claimed first, up to limit, and fresh ones never', async () => {
    const { store, clock } = await env.setup();
    await seed(store, ['ws-a', 'ws-b', 'ws-c', 'ws-d']);
    await recordOne(store, 'ws-a', {
      status: 'healthy',
      checkedAt: new Date(clock.now().getTime() - 3 * HOUR),
    });
    await recordOne(store, 'ws-b', { status: 'healthy', checkedAt: clock.now() });
    const dueBefore = new Date(clock.now().getTime() - HOUR);
    const options = { limit: 2, leaseMs: 60_000, dueBefore };
    expect(await leaseIds(store, { ...options, owner: 'o1' })).toEqual(['ws-c', 'ws-d']);
    expect(await leaseIds(store, { ...options, owner: 'o2', limit: 10 })).toEqual(['ws-a']);
    expect(await leaseIds(store, { ...options, owner: 'o3', limit: 10 })).toEqual([]);
  });

  it('when due connections are leased, then they come in due order, each with its connection and its own sealed token', async () => {
    const { store, clock } = await env.setup();
    const tokens = new Map<string, string>();
    for (const id of ['ws-a', 'ws-b', 'ws-c']) {
      const token = fakeAttioToken();
      tokens.set(id, token);
      await store.saveConnection({ workspaceId: id, scopes: ['record_permission:read'], token });
    }
    // ws-a checked an hour ago: due, but after the never-checked ones.
    await recordOne(store, 'ws-a', {
      status: 'healthy',
      checkedAt: new Date(clock.now().getTime() - HOUR),
    });
    const leased = await store.lease({
      owner: 'w1',
      limit: 10,
      leaseMs: 60_000,
      dueBefore: clock.now(),
    });
    expect(leased.map((l) => l.connection.workspaceId)).toEqual(['ws-b', 'ws-c', 'ws-a']);
    expect(leased[2]?.connection).toEqual(await store.getConnection('ws-a'));
    expect(JSON.stringify(leased)).not.toContain(tokens.get('ws-a'));
    expect(leased.map((l) => l.openToken())).toEqual(
      ['ws-b', 'ws-c', 'ws-a'].map((id) => tokens.get(id)),
    );
  });

  it('when the key of a leased token is missing from the ring, then only its openToken throws STORE_KEY_UNKNOWN', async () => {
    const { db, store, clock } = await env.setup();
    await seed(store, ['ws-a']);
    const other = await env.tracker.openOn(db, { keyRing: ringWith('k2').ring, now: clock.now });
    const [leased] = await other.lease({
      owner: 'w1',
      limit: 10,
      leaseMs: 60_000,
      dueBefore: clock.now(),
    });
    expect(leased?.connection.workspaceId).toBe('ws-a');
    let thrown: unknown;
    try {
      leased?.openToken();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: 'STORE_KEY_UNKNOWN' });
  });

  it('when a lease expires, then another owner takes it over; recording health releases it', async () => {
    const { store, clock } = await env.setup();
    await seed(store, ['ws-1', 'ws-2']);
    const dueBefore = clock.now();
    const options = { limit: 5, leaseMs: 30_000, dueBefore };
    expect(await leaseIds(store, { ...options, owner: 'o1' })).toEqual(['ws-1', 'ws-2']);
    clock.advance(29_999);
    expect(await leaseIds(store, { ...options, owner: 'o2' })).toEqual([]);
    clock.advance(1);
    expect(await leaseIds(store, { ...options, owner: 'o2' })).toEqual(['ws-1', 'ws-2']);
    // A check recorded before `dueBefore` leaves the row due; the cleared lease makes it claimable at once.
    await recordOne(store, 'ws-1', {
      status: 'healthy',
      checkedAt: new Date(dueBefore.getTime() - 1),
    });
    expect(await leaseIds(store, { ...options, owner: 'o3' })).toEqual(['ws-1']);
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
        const batch = await leaseIds(s, {
          owner: `o${i}`,
          limit: 3,
          leaseMs: 60_000,
          dueBefore: clock.now(),
        });
        if (batch.length === 0) return;
        claimed.push(...batch);
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
