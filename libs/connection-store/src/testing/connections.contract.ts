import { it, expect, jest } from '@jest/globals';
import { fakeAttioToken } from './contract-harness.js';
import type { ContractEnv } from './contract-env.js';

const WS = '9a1c5c4e-0000-4000-8000-000000000001';

/** save / get / list / count / delete / re-install. */
export function describeConnectionsContract(env: ContractEnv): void {
  it('when a connection is saved, then get returns its metadata and health "unknown", and getToken the token', async () => {
    const { store, clock } = await env.setup();
    const token = fakeAttioToken();
    const saved = await store.saveConnection({
      workspaceId: WS,
      workspaceName: 'Acme',
      workspaceSlug: 'acme',
      tokenLevel: 'workspace',
      scopes: ['record_permission:read', 'object_configuration:read'],
      installedBy: 'member-1',
      token,
    });
    const expected = {
      workspaceId: WS,
      workspaceName: 'Acme',
      workspaceSlug: 'acme',
      tokenLevel: 'workspace',
      scopes: ['record_permission:read', 'object_configuration:read'],
      installedBy: 'member-1',
      installedAt: clock.now(),
      updatedAt: clock.now(),
      health: {
        status: 'unknown',
        statusSince: null,
        lastCheckedAt: null,
        consecutiveFailures: 0,
        lastErrorCode: null,
        missingScopes: [],
      },
      owner: { displayName: null, tags: {} },
      deleted: null,
    };
    expect(saved).toEqual(expected);
    expect(await store.getConnection(WS)).toEqual(expected);
    expect(JSON.stringify(await store.getConnection(WS))).not.toContain(token);
    expect(await store.getToken(WS)).toBe(token);
  });

  it('when optional fields are omitted, then they are stored as null', async () => {
    const { store } = await env.setup();
    const saved = await store.saveConnection({
      workspaceId: WS,
      scopes: [],
      token: fakeAttioToken(),
    });
    expect([saved.workspaceName, saved.workspaceSlug, saved.tokenLevel, saved.installedBy]).toEqual(
      [null, null, null, null],
    );
    expect(saved.scopes).toEqual([]);
  });

  it('when a workspace is unknown, then get and getToken return undefined and delete returns false', async () => {
    const { store } = await env.setup();
    expect(await store.getConnection('nope')).toBeUndefined();
    expect(await store.getToken('nope')).toBeUndefined();
    expect(await store.deleteConnection('nope')).toBe(false);
  });

  it('when a workspace re-installs, then token and metadata are replaced, installedAt kept and health reset', async () => {
    const { store, clock } = await env.setup();
    const installedAt = clock.now();
    await store.saveConnection({
      workspaceId: WS,
      workspaceName: 'Old',
      scopes: ['a'],
      token: fakeAttioToken(),
    });
    clock.advance(60_000);
    await store.record([
      {
        workspaceId: WS,
        result: { status: 'revoked', checkedAt: clock.now(), errorCode: 'ATTIO_TOKEN_INACTIVE' },
      },
    ]);
    clock.advance(60_000);
    const newToken = fakeAttioToken();
    const again = await store.saveConnection({
      workspaceId: WS,
      workspaceName: 'New',
      scopes: ['a', 'b'],
      installedBy: 'member-2',
      token: newToken,
    });
    expect(again.installedAt).toEqual(installedAt);
    expect(again.updatedAt).toEqual(clock.now());
    expect(again.workspaceName).toBe('New');
    expect(again.scopes).toEqual(['a', 'b']);
    expect(again.installedBy).toBe('member-2');
    expect(again.health).toEqual({
      status: 'unknown',
      statusSince: null,
      lastCheckedAt: null,
      consecutiveFailures: 0,
      lastErrorCode: null,
      missingScopes: [],
    });
    expect(await store.getToken(WS)).toBe(newToken);
    expect(await store.countConnections()).toBe(1);
  });

  it('when connections are listed, then they come ordered by workspace id and page by afterWorkspaceId', async () => {
    const { store } = await env.setup();
    for (const id of ['ws-c', 'ws-a', 'ws-e', 'ws-b', 'ws-d']) {
      await store.saveConnection({
        workspaceId: id,
        scopes: [],
        token: fakeAttioToken(),
      });
    }
    const ids = (list: { workspaceId: string }[]) => list.map((c) => c.workspaceId);
    expect(ids(await store.listConnections())).toEqual(['ws-a', 'ws-b', 'ws-c', 'ws-d', 'ws-e']);
    expect(ids(await store.listConnections({ limit: 2 }))).toEqual(['ws-a', 'ws-b']);
    expect(ids(await store.listConnections({ limit: 2, afterWorkspaceId: 'ws-b' }))).toEqual([
      'ws-c',
      'ws-d',
    ]);
    expect(ids(await store.listConnections({ afterWorkspaceId: 'ws-d' }))).toEqual(['ws-e']);
    expect(await store.countConnections()).toBe(5);
  });

  it('when a connection is deleted, then it and its token are gone and the others remain', async () => {
    const { store } = await env.setup();
    await store.saveConnection({
      workspaceId: 'ws-1',
      scopes: [],
      token: fakeAttioToken(),
    });
    await store.saveConnection({
      workspaceId: 'ws-2',
      scopes: [],
      token: fakeAttioToken(),
    });
    expect(await store.deleteConnection('ws-1')).toBe(true);
    expect(await store.getConnection('ws-1')).toBeUndefined();
    expect(await store.getToken('ws-1')).toBeUndefined();
    expect(await store.countConnections()).toBe(1);
    expect(await store.deleteConnection('ws-1')).toBe(false);
  });

  it('when iterating, then every connection is yielded in order, fetched in keyset pages of batchSize', async () => {
    const { store } = await env.setup();
    const all = Array.from({ length: 7 }, (_, i) => `ws-${String(i).padStart(2, '0')}`);
    for (const id of all)
      await store.saveConnection({
        workspaceId: id,
        scopes: [],
        token: fakeAttioToken(),
      });
    const pages = jest.spyOn(store, 'listConnections');
    const seen: string[] = [];
    for await (const c of store.iterateConnections({ batchSize: 3 })) seen.push(c.workspaceId);
    expect(seen).toEqual(all);
    expect(pages.mock.calls).toEqual([
      [{ limit: 3, afterWorkspaceId: undefined }],
      [{ limit: 3, afterWorkspaceId: 'ws-02' }],
      [{ limit: 3, afterWorkspaceId: 'ws-05' }],
    ]);
  });

  it('when input is invalid, then STORE_INPUT_INVALID names the field and never echoes the token', async () => {
    const { store } = await env.setup();
    await expect(
      store.saveConnection({
        workspaceId: '',
        scopes: [],
        token: 'secret-token-value',
      }),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'workspaceId must be a non-empty string.',
    });
    await expect(
      store.saveConnection({ workspaceId: WS, scopes: [], token: '  ' }),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'token must be a non-empty string.',
    });
    await expect(
      store.saveConnection({
        workspaceId: WS,
        scopes: 'a b' as unknown as string[],
        token: 'secret-token-value',
      }),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'scopes must be an array of strings.',
    });
    await expect(store.listConnections({ limit: 0 })).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'limit must be an integer between 1 and 10000.',
    });
    expect(await store.countConnections()).toBe(0);
  });

  it('when the store is closed, then calls fail with STORE_CLOSED and ping works before that', async () => {
    const { store } = await env.setup();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.getConnection(WS)).rejects.toMatchObject({
      code: 'STORE_CLOSED',
      message: 'The connection store is closed; open a new one with openConnectionStore().',
    });
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });
}
