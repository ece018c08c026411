import type {
  ConnectionStore,
  HealthLedger,
  HealthRecord,
  HealthTransition,
} from '@attio-auth/connection-store';
import { SQLITE, type TestDatabase } from '../testing/test-stores.js';
import { createGroupCommit } from './group-commit.js';

const TOKEN = 'a'.repeat(64);
const at = new Date('2026-02-01T00:00:00.000Z');
const healthy = (workspaceId: string, ms = 0): HealthRecord => ({
  workspaceId,
  result: { status: 'healthy', checkedAt: new Date(at.getTime() + ms) },
});

describe('createGroupCommit (SQLite store)', () => {
  let db: TestDatabase;
  let store: ConnectionStore;
  /** Sizes of the batches the store's `record` received. */
  let batches: number[];
  let counted: Pick<HealthLedger, 'record'>;
  beforeEach(async () => {
    db = await SQLITE.fresh();
    store = await db.open();
    for (const id of ['ws-1', 'ws-2', 'ws-3'])
      await store.saveConnection({ workspaceId: id, scopes: [], token: TOKEN });
    batches = [];
    counted = {
      record: (entries) => {
        batches.push(entries.length);
        return store.record(entries);
      },
    };
  });
  afterEach(() => db.cleanup());

  it('when verdicts arrive in one event-loop turn, then they go to the store as one batch and each gets its own transition', async () => {
    const ledger = createGroupCommit(counted, { maxBatch: 16, maxPending: 16 });
    const seen: Array<[string, HealthTransition | undefined]> = [];
    const entries: HealthRecord[] = [
      healthy('ws-1'),
      healthy('ws-gone'),
      {
        workspaceId: 'ws-2',
        result: { status: 'failed_to_check', checkedAt: at, errorCode: 'ATTIO_TIMEOUT' },
      },
      {
        workspaceId: 'ws-3',
        result: { status: 'revoked', checkedAt: at, errorCode: 'ATTIO_TOKEN_INACTIVE' },
      },
    ];
    for (const entry of entries)
      await ledger.submit(entry, (t) => void seen.push([entry.workspaceId, t]));
    await ledger.flush();
    expect(batches).toEqual([4]);
    expect(seen).toEqual([
      ['ws-1', { previous: 'unknown', current: 'healthy', consecutiveFailures: 0 }],
      ['ws-gone', undefined],
      ['ws-2', { previous: 'unknown', current: 'failed_to_check', consecutiveFailures: 1 }],
      [
        'ws-3',
        { previous: 'unknown', current: 'revoked', consecutiveFailures: 0, event: 'health.broken' },
      ],
    ]);
    expect((await store.getConnection('ws-3'))?.health.status).toBe('revoked');
  });

  it('when verdicts arrive while a batch is in flight, then they form the next batch, capped at maxBatch', async () => {
    const ledger = createGroupCommit(counted, { maxBatch: 2, maxPending: 16 });
    await ledger.submit(healthy('ws-1'), () => undefined);
    await new Promise((r) => setImmediate(r)); // the first batch (1 verdict) is now in flight
    expect(batches).toEqual([1]);
    for (const [i, id] of ['ws-2', 'ws-3', 'ws-1'].entries())
      await ledger.submit(healthy(id, i + 1), () => undefined);
    await ledger.flush();
    expect(batches).toEqual([1, 2, 1]);
    expect((await store.getConnection('ws-1'))?.health.lastCheckedAt).toEqual(
      new Date(at.getTime() + 3),
    );
  });

  it('when maxPending verdicts wait, then submit waits until a batch is written', async () => {
    // Each write waits for the test to open its gate, so "in flight" is a state the test controls.
    const gates: Array<() => void> = [];
    const gated: Pick<HealthLedger, 'record'> = {
      record: async (entries) => {
        await new Promise<void>((open) => gates.push(open));
        return store.record(entries);
      },
    };
    const ledger = createGroupCommit(gated, { maxBatch: 1, maxPending: 2 });
    let written = 0;
    await ledger.submit(healthy('ws-1'), () => void (written += 1)); // one waiting: resolves at once
    let secondReturned = false;
    const second = ledger
      .submit(healthy('ws-2'), () => void (written += 1))
      .then(() => (secondReturned = true));
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    expect(secondReturned).toBe(false); // two waiting = maxPending
    gates[0]?.();
    await second;
    expect(written).toBe(1);
    while (gates.length === 1) await new Promise((r) => setImmediate(r));
    gates[1]?.();
    await ledger.flush();
    expect(written).toBe(2);
  });

  it('when a batch fails, then flush and every later submit reject with the store error', async () => {
    const ledger = createGroupCommit(
      {
        record: async () => {
          throw new Error('database is locked');
        },
      },
      { maxBatch: 16, maxPending: 16 },
    );
    const recorded: string[] = [];
    await ledger.submit(healthy('ws-1'), () => void recorded.push('ws-1'));
    await ledger.submit(healthy('ws-2'), () => void recorded.push('ws-2'));
    await expect(ledger.flush()).rejects.toThrow('database is locked');
    await expect(ledger.submit(healthy('ws-3'), () => undefined)).rejects.toThrow(
      'database is locked',
    );
    expect(recorded).toEqual([]);
  });
});
