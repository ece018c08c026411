import type { ConnectionStore, HealthResult } from '@attio-auth/connection-store';
import { createHealthWriter } from './health-writer.js';
import { SQLITE, type TestDatabase } from './testing/test-stores.js';

const TOKEN = 'a'.repeat(64);

describe('createHealthWriter (SQLite store)', () => {
  let db: TestDatabase;
  let store: ConnectionStore;
  beforeEach(async () => {
    db = await SQLITE.fresh();
    store = await db.open();
    for (const id of ['ws-1', 'ws-2', 'ws-3'])
      await store.saveConnection({ workspaceId: id, scopes: [], token: TOKEN });
  });
  afterEach(() => db.cleanup());

  const at = new Date('2026-02-01T00:00:00.000Z');

  it('when results arrive in one event-loop turn, then they go to the store as one batch and each gets its own transition', async () => {
    const batches: number[] = [];
    const counted: Pick<ConnectionStore, 'recordHealth' | 'recordHealthMany'> = {
      recordHealth: (id, result) => store.recordHealth(id, result),
      recordHealthMany: (entries) => {
        batches.push(entries.length);
        return (store.recordHealthMany as NonNullable<ConnectionStore['recordHealthMany']>).call(
          store,
          entries,
        );
      },
    };
    const write = createHealthWriter(counted, 16);
    const results = await Promise.all([
      write('ws-1', { status: 'healthy', checkedAt: at }),
      write('ws-gone', { status: 'healthy', checkedAt: at }),
      write('ws-2', { status: 'failed_to_check', checkedAt: at, errorCode: 'ATTIO_TIMEOUT' }),
      write('ws-3', { status: 'revoked', checkedAt: at, errorCode: 'ATTIO_TOKEN_INACTIVE' }),
    ]);
    expect(batches).toEqual([4]);
    expect(results).toEqual([
      { previous: 'unknown', current: 'healthy', consecutiveFailures: 0 },
      undefined,
      { previous: 'unknown', current: 'failed_to_check', consecutiveFailures: 1 },
      { previous: 'unknown', current: 'revoked', consecutiveFailures: 0 },
    ]);
    expect((await store.getConnection('ws-3'))?.health.status).toBe('revoked');
  });

  it('when results arrive while a batch is in flight, then they form the next batch, capped at maxBatch', async () => {
    const batches: number[] = [];
    const counted: Pick<ConnectionStore, 'recordHealth' | 'recordHealthMany'> = {
      recordHealth: (id, result) => store.recordHealth(id, result),
      recordHealthMany: (entries) => {
        batches.push(entries.length);
        return (store.recordHealthMany as NonNullable<ConnectionStore['recordHealthMany']>).call(
          store,
          entries,
        );
      },
    };
    const write = createHealthWriter(counted, 2);
    const first = write('ws-1', { status: 'healthy', checkedAt: at });
    await new Promise((r) => setImmediate(r)); // the first batch (1 result) is now in flight
    const rest = ['ws-2', 'ws-3', 'ws-1'].map((id, i) =>
      write(id, { status: 'healthy', checkedAt: new Date(at.getTime() + i + 1) }),
    );
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([1, 2, 1]);
    expect((await store.getConnection('ws-1'))?.health.lastCheckedAt).toEqual(
      new Date(at.getTime() + 3),
    );
  });

  it('when a batch fails, then each of its results rejects with the store error', async () => {
    const failing: Pick<ConnectionStore, 'recordHealth' | 'recordHealthMany'> = {
      recordHealth: (id, result) => store.recordHealth(id, result),
      recordHealthMany: async () => {
        throw new Error('database is locked');
      },
    };
    const write = createHealthWriter(failing, 16);
    const results = await Promise.allSettled([
      write('ws-1', { status: 'healthy', checkedAt: at }),
      write('ws-2', { status: 'healthy', checkedAt: at }),
    ]);
    expect(
      results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'fulfilled')),
    ).toEqual(['database is locked', 'database is locked']);
  });

  it('when the store has no recordHealthMany, then each result is one recordHealth and a deleted connection gives undefined', async () => {
    const single: Pick<ConnectionStore, 'recordHealth'> = {
      recordHealth: (id, result: HealthResult) => store.recordHealth(id, result),
    };
    const write = createHealthWriter(single, 16);
    expect(
      await write('ws-1', {
        status: 'under_scoped',
        checkedAt: at,
        missingScopes: ['object_configuration:read'],
      }),
    ).toEqual({
      previous: 'unknown',
      current: 'under_scoped',
      consecutiveFailures: 0,
    });
    expect(await write('ws-gone', { status: 'healthy', checkedAt: at })).toBeUndefined();
  });
});
