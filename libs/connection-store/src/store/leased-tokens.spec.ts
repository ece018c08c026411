import { createContractEnv } from '../contract/contract-env.js';
import { fakeAttioToken, ringWith } from '../contract/contract-harness.js';
import { postgresHarness, postgresReachable } from '../contract/postgres-harness.js';
import { sqliteHarness } from '../contract/sqlite-harness.js';
import type { ContractHarness } from '../contract/contract-harness.js';
import { ConnectionStoreErrorCode } from '../errors/connection-store-error.js';
import type { ConnectionStore, LeaseDueOptions, LeasedConnection } from './types.js';

const HOUR = 3_600_000;

/** The optional method, required here: both drivers implement it. */
function leaseWithTokens(
  store: ConnectionStore,
  options: LeaseDueOptions,
): Promise<LeasedConnection[]> {
  if (!store.leaseDueWithTokens) throw new Error('the SQL store implements leaseDueWithTokens');
  return store.leaseDueWithTokens(options);
}

function describeLeasedTokens(harness: ContractHarness): void {
  const env = createContractEnv(harness);

  it('when due connections are leased with tokens, then they come in due order, leased, and each opens to its own token', async () => {
    const { store, clock } = await env.setup();
    const tokens = new Map<string, string>();
    for (const id of ['ws-a', 'ws-b', 'ws-c']) {
      const token = fakeAttioToken();
      tokens.set(id, token);
      await store.saveConnection({
        workspaceId: id,
        scopes: ['record_permission:read'],
        token,
      });
    }
    // ws-a checked an hour ago: due, but after the never-checked ones.
    await store.recordHealth('ws-a', {
      status: 'healthy',
      checkedAt: new Date(clock.now().getTime() - HOUR),
    });
    const options = {
      owner: 'w1',
      limit: 10,
      leaseMs: 60_000,
      dueBefore: clock.now(),
    };
    const leased = await leaseWithTokens(store, options);
    expect(leased.map((l) => l.connection.workspaceId)).toEqual(['ws-b', 'ws-c', 'ws-a']);
    expect(leased.map((l) => l.openToken())).toEqual(
      ['ws-b', 'ws-c', 'ws-a'].map((id) => tokens.get(id)),
    );
    expect(leased[2]?.connection).toEqual(await store.getConnection('ws-a'));
    // The same lease as leaseDue: nothing left for another owner until it expires.
    expect(await store.leaseDue({ ...options, owner: 'w2' })).toEqual([]);
    clock.advance(60_000);
    expect(
      (await store.leaseDue({ ...options, owner: 'w2' })).map((c) => c.workspaceId).sort(),
    ).toEqual(['ws-a', 'ws-b', 'ws-c']);
  });

  it('when the key of a leased token is missing from the ring, then only its openToken throws STORE_KEY_UNKNOWN', async () => {
    const { db, store, clock } = await env.setup();
    await store.saveConnection({
      workspaceId: 'ws-a',
      scopes: [],
      token: fakeAttioToken(),
    });
    const other = await env.tracker.openOn(db, {
      keyRing: ringWith('k2').ring,
      now: clock.now,
    });
    const [leased] = await leaseWithTokens(other, {
      owner: 'w1',
      limit: 10,
      leaseMs: 60_000,
      dueBefore: clock.now(),
    });
    expect(leased?.connection.workspaceId).toBe('ws-a');
    expect(() => leased?.openToken()).toThrow(
      expect.objectContaining({ code: ConnectionStoreErrorCode.KEY_UNKNOWN }),
    );
  });
}

describe('leaseDueWithTokens: SQLite driver', () => {
  describeLeasedTokens(sqliteHarness());
});

if (postgresReachable()) {
  describe('leaseDueWithTokens: PostgreSQL driver', () => {
    describeLeasedTokens(postgresHarness());
  });
} else {
  describe.skip('leaseDueWithTokens: PostgreSQL not reachable', () => {
    it('runs against PostgreSQL', () => undefined);
  });
}
