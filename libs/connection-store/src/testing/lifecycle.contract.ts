import { it, expect } from '@jest/globals';
import type { ConnectionStore, OwnerInput } from '../store/types.js';
import { fakeAttioToken } from './contract-harness.js';
import type { ContractEnv } from './contract-env.js';

const DAY = 86_400_000;
const ids = (list: { workspaceId: string }[]) => list.map((c) => c.workspaceId);

async function save(
  store: ConnectionStore,
  workspaceId: string,
  owner?: OwnerInput,
  token = fakeAttioToken(),
): Promise<string> {
  await store.saveConnection({ workspaceId, scopes: [], token, ...(owner ? { owner } : {}) });
  return token;
}

/** Soft delete, restore, purge, and the legacy hard delete. */
export function describeLifecycleContract(env: ContractEnv): void {
  it('when a connection is soft-deleted, then it shows its deletion on get but is out of getToken, lists, counts and leases', async () => {
    const { store, db, clock } = await env.setup();
    await save(store, 'ws-1', { tags: { team: 'growth' } });
    await save(store, 'ws-2', { tags: { team: 'growth' } });
    clock.advance(1_000);
    const deleted = await store.softDeleteConnection('ws-1', {
      revoke: { outcome: 'failed', error: 'OAUTH_REVOKE_FAILED' },
    });
    const deletion = {
      deletedAt: clock.now(),
      revoke: { outcome: 'failed', error: 'OAUTH_REVOKE_FAILED' },
    };
    expect(deleted?.deleted).toEqual(deletion);
    expect((await store.getConnection('ws-1'))?.deleted).toEqual(deletion);
    expect((await store.getConnection('ws-2'))?.deleted).toBeNull();
    expect(await store.getToken('ws-1')).toBeUndefined();
    expect(ids(await store.listConnections())).toEqual(['ws-2']);
    expect(ids(await store.listConnections({ tags: { team: 'growth' } }))).toEqual(['ws-2']);
    expect(ids(await store.listConnections({ deleted: 'only' }))).toEqual(['ws-1']);
    expect(ids(await store.listConnections({ deleted: 'include' }))).toEqual(['ws-1', 'ws-2']);
    expect(await store.countConnections()).toBe(1);
    expect(await store.countConnections({ deleted: 'only' })).toBe(1);
    const leased = await store.lease({
      owner: 'h1',
      limit: 10,
      leaseMs: 60_000,
      dueBefore: clock.now(),
    });
    expect(leased.map((l) => l.connection.workspaceId)).toEqual(['ws-2']);
    // The sealed token stays on the row until it is purged.
    const [raw] = await db.rawQuery(
      "SELECT token_ciphertext FROM connections WHERE workspace_id = 'ws-1'",
    );
    expect(Buffer.isBuffer(raw?.token_ciphertext)).toBe(true);
  });

  it('when a connection is deleted twice or is unknown, then softDelete gives undefined and keeps the first record', async () => {
    const { store, clock } = await env.setup();
    await save(store, 'ws-1');
    const first = await store.softDeleteConnection('ws-1', { revoke: { outcome: 'revoked' } });
    expect(first?.deleted).toEqual({
      deletedAt: clock.now(),
      revoke: { outcome: 'revoked', error: null },
    });
    clock.advance(1_000);
    expect(await store.softDeleteConnection('ws-1', { revoke: null })).toBeUndefined();
    expect((await store.getConnection('ws-1'))?.deleted).toEqual(first?.deleted);
    expect(await store.softDeleteConnection('nope', { revoke: null })).toBeUndefined();
    await save(store, 'ws-2');
    const at = new Date(clock.now().getTime() - DAY);
    expect((await store.softDeleteConnection('ws-2', { revoke: null, now: at }))?.deleted).toEqual({
      deletedAt: at,
      revoke: null,
    });
    await expect(
      store.softDeleteConnection('ws-3', { revoke: { outcome: 'maybe' as 'revoked' } }),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'revoke.outcome must be one of revoked, already_gone, failed.',
    });
  });

  it('when a soft-deleted connection is restored, then its token, tags and lists are back; a live one is not restored', async () => {
    const { store } = await env.setup();
    const token = await save(store, 'ws-1', { displayName: 'Growth', tags: { team: 'growth' } });
    const before = await store.getConnection('ws-1');
    await store.softDeleteConnection('ws-1', { revoke: null });
    expect(await store.restoreConnection('ws-1')).toBe(true);
    expect(await store.getConnection('ws-1')).toEqual(before);
    expect(await store.getToken('ws-1')).toBe(token);
    expect(ids(await store.listConnections({ tags: { team: 'growth' } }))).toEqual(['ws-1']);
    expect(await store.restoreConnection('ws-1')).toBe(false);
    expect(await store.restoreConnection('nope')).toBe(false);
  });

  it('when deleted connections are purged, then only those deleted before the cutoff go, with their tags', async () => {
    const { store, db, clock } = await env.setup();
    for (const id of ['ws-old', 'ws-recent', 'ws-live'])
      await save(store, id, { tags: { team: 'growth' } });
    await store.softDeleteConnection('ws-old', { revoke: { outcome: 'revoked' } });
    clock.advance(10 * DAY);
    await store.softDeleteConnection('ws-recent', { revoke: { outcome: 'revoked' } });
    const cutoff = new Date(clock.now().getTime() - DAY);
    expect(await store.purgeDeleted({ deletedBefore: cutoff })).toBe(1);
    expect(await store.getConnection('ws-old')).toBeUndefined();
    expect(ids(await store.listConnections({ deleted: 'include' }))).toEqual([
      'ws-live',
      'ws-recent',
    ]);
    const tagRows = await db.rawQuery(
      'SELECT workspace_id FROM connection_tags ORDER BY workspace_id',
    );
    expect(tagRows.map((r) => r.workspace_id)).toEqual(['ws-live', 'ws-recent']);
    expect(await store.purgeDeleted({ deletedBefore: cutoff })).toBe(0);
    expect(await store.restoreConnection('ws-old')).toBe(false);
  });

  it('when one connection is purged now, then a deleted one goes with its tags and a live one stays', async () => {
    const { store, db } = await env.setup();
    await save(store, 'ws-1', { tags: { team: 'growth' } });
    await save(store, 'ws-2', { tags: { team: 'growth' } });
    expect(await store.purgeConnection('ws-1')).toBe(false);
    expect(await store.getToken('ws-1')).toBeDefined();
    await store.softDeleteConnection('ws-1', { revoke: null });
    expect(await store.purgeConnection('ws-1')).toBe(true);
    expect(await store.getConnection('ws-1')).toBeUndefined();
    expect(await store.purgeConnection('ws-1')).toBe(false);
    const tagRows = await db.rawQuery('SELECT workspace_id FROM connection_tags');
    expect(tagRows.map((r) => r.workspace_id)).toEqual(['ws-2']);
  });

  it('when deleteConnection is called, then it hard-deletes a live or soft-deleted row with its tags', async () => {
    const { store, db } = await env.setup();
    await save(store, 'ws-1', { tags: { team: 'growth' } });
    await save(store, 'ws-2', { tags: { team: 'growth' } });
    await store.softDeleteConnection('ws-2', { revoke: null });
    expect(await store.deleteConnection('ws-1')).toBe(true);
    expect(await store.deleteConnection('ws-2')).toBe(true);
    expect(await store.countConnections({ deleted: 'include' })).toBe(0);
    expect(await db.rawQuery('SELECT workspace_id FROM connection_tags')).toEqual([]);
  });

  it('when a soft-deleted workspace installs again, then it is live as a new install, its owner kept unless given', async () => {
    const { store, clock } = await env.setup();
    await save(store, 'ws-1', { displayName: 'Growth', tags: { team: 'growth' } });
    await store.softDeleteConnection('ws-1', { revoke: { outcome: 'failed', error: 'E' } });
    clock.advance(DAY);
    const token = await save(store, 'ws-1');
    const back = await store.getConnection('ws-1');
    expect(back?.deleted).toBeNull();
    expect(back?.installedAt).toEqual(clock.now());
    expect(back?.owner).toEqual({ displayName: 'Growth', tags: { team: 'growth' } });
    expect(await store.getToken('ws-1')).toBe(token);
    // The delete's revoke failed, so the replaced token still needs revoking.
    expect((await store.listRevocations()).map((r) => r.reason)).toEqual(['replaced']);
  });

  it('when a workspace whose token a delete revoked installs again, then the dead token is not queued', async () => {
    const { store } = await env.setup();
    await save(store, 'ws-1');
    await store.softDeleteConnection('ws-1', { revoke: { outcome: 'already_gone' } });
    await save(store, 'ws-1');
    expect(await store.listRevocations()).toEqual([]);
  });
}
