import { createContractEnv } from '../contract/contract-env.js';
import { fakeAttioToken } from '../contract/contract-harness.js';
import type { ContractHarness } from '../contract/contract-harness.js';
import { postgresHarness, postgresReachable } from '../contract/postgres-harness.js';
import { sqliteHarness } from '../contract/sqlite-harness.js';
import type { ConnectionStore, HealthResult, HealthTransition } from './types.js';

const HOUR = 3_600_000;

/** The optional method, required here: both drivers implement it. */
function recordMany(
  store: ConnectionStore,
  entries: { workspaceId: string; result: HealthResult }[],
): Promise<(HealthTransition | undefined)[]> {
  if (!store.recordHealthMany) throw new Error('the SQL store implements recordHealthMany');
  return store.recordHealthMany(entries);
}

function describeRecordHealthMany(harness: ContractHarness): void {
  const env = createContractEnv(harness);

  it('when several results are recorded at once, then each row gets what recordHealth writes and each answer its own transition', async () => {
    const { store, clock } = await env.setup();
    for (const id of ['ws-a', 'ws-b'])
      await store.saveConnection({
        workspaceId: id,
        scopes: [],
        token: fakeAttioToken(),
      });
    const t0 = clock.now();
    await store.recordHealth('ws-b', {
      status: 'failed_to_check',
      checkedAt: t0,
      errorCode: 'ATTIO_TIMEOUT',
    });
    await store.leaseDue({
      owner: 'w1',
      limit: 10,
      leaseMs: 60_000,
      dueBefore: new Date(t0.getTime() + 1),
    });
    const t1 = new Date(t0.getTime() + HOUR);
    expect(
      await recordMany(store, [
        {
          workspaceId: 'ws-b',
          result: {
            status: 'failed_to_check',
            checkedAt: t1,
            errorCode: 'ATTIO_CONNECTION',
          },
        },
        {
          workspaceId: 'ws-gone',
          result: { status: 'healthy', checkedAt: t1 },
        },
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
      {
        previous: 'failed_to_check',
        current: 'failed_to_check',
        consecutiveFailures: 2,
      },
      undefined,
      { previous: 'unknown', current: 'under_scoped', consecutiveFailures: 0 },
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
      (
        await store.leaseDue({
          owner: 'w2',
          limit: 10,
          leaseMs: 60_000,
          dueBefore: later,
        })
      )
        .map((c) => c.workspaceId)
        .sort(),
    ).toEqual(['ws-a', 'ws-b']);
  });

  it('when a workspace appears twice, then its results apply in input order', async () => {
    const { store, clock } = await env.setup();
    await store.saveConnection({
      workspaceId: 'ws-a',
      scopes: [],
      token: fakeAttioToken(),
    });
    const t0 = clock.now();
    const t1 = new Date(t0.getTime() + HOUR);
    expect(
      await recordMany(store, [
        { workspaceId: 'ws-a', result: { status: 'healthy', checkedAt: t0 } },
        {
          workspaceId: 'ws-a',
          result: {
            status: 'revoked',
            checkedAt: t1,
            errorCode: 'ATTIO_TOKEN_INACTIVE',
          },
        },
      ]),
    ).toEqual([
      { previous: 'unknown', current: 'healthy', consecutiveFailures: 0 },
      { previous: 'healthy', current: 'revoked', consecutiveFailures: 0 },
    ]);
    expect((await store.getConnection('ws-a'))?.health.statusSince).toEqual(t1);
  });

  it('when one entry is invalid, then nothing is written and the error names the field', async () => {
    const { store, clock } = await env.setup();
    await store.saveConnection({
      workspaceId: 'ws-a',
      scopes: [],
      token: fakeAttioToken(),
    });
    await expect(
      recordMany(store, [
        {
          workspaceId: 'ws-a',
          result: { status: 'healthy', checkedAt: clock.now() },
        },
        {
          workspaceId: 'ws-a',
          result: { status: 'fine' as never, checkedAt: clock.now() },
        },
      ]),
    ).rejects.toThrow(/status/);
    expect((await store.getConnection('ws-a'))?.health.status).toBe('unknown');
  });
}

describe('recordHealthMany: SQLite driver', () => {
  describeRecordHealthMany(sqliteHarness());
});

if (postgresReachable()) {
  describe('recordHealthMany: PostgreSQL driver', () => {
    describeRecordHealthMany(postgresHarness());
  });
} else {
  describe.skip('recordHealthMany: PostgreSQL not reachable', () => {
    it('runs against PostgreSQL', () => undefined);
  });
}
