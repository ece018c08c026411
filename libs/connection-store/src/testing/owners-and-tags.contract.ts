import { it, expect } from '@jest/globals';
import type { ConnectionStore, OwnerInput } from '../store/types.js';
import { fakeAttioToken } from './contract-harness.js';
import type { ContractEnv } from './contract-env.js';

const ids = (list: { workspaceId: string }[]) => list.map((c) => c.workspaceId);

async function save(
  store: ConnectionStore,
  workspaceId: string,
  owner?: OwnerInput,
): Promise<void> {
  await store.saveConnection({
    workspaceId,
    scopes: [],
    token: fakeAttioToken(),
    ...(owner === undefined ? {} : { owner }),
  });
}

/** Owners (display name, tags), tag and status filters. */
export function describeOwnersAndTagsContract(env: ContractEnv): void {
  it('when a connection is saved with an owner, then get and list return it with its tags sorted by key', async () => {
    const { store } = await env.setup();
    const saved = await store.saveConnection({
      workspaceId: 'ws-1',
      scopes: [],
      token: fakeAttioToken(),
      installedBy: 'member-1',
      owner: {
        displayName: 'Growth team',
        tags: { team: 'growth', customer_id: 'c-42', external_id: 'ÉXT 7 ✓' },
      },
    });
    const owner = {
      displayName: 'Growth team',
      tags: { customer_id: 'c-42', external_id: 'ÉXT 7 ✓', team: 'growth' },
    };
    expect(saved.owner).toEqual(owner);
    expect(Object.keys(saved.owner.tags)).toEqual(['customer_id', 'external_id', 'team']);
    expect((await store.getConnection('ws-1'))?.owner).toEqual(owner);
    expect((await store.listConnections())[0]?.owner).toEqual(owner);
    expect(saved.installedBy).toBe('member-1');
  });

  it('when a workspace re-installs, then owner fields left out are kept, displayName null clears and tags replace the set', async () => {
    const { store } = await env.setup();
    await save(store, 'ws-1', { displayName: 'Growth', tags: { team: 'growth', tier: 'gold' } });
    await save(store, 'ws-1');
    expect((await store.getConnection('ws-1'))?.owner).toEqual({
      displayName: 'Growth',
      tags: { team: 'growth', tier: 'gold' },
    });
    await save(store, 'ws-1', { displayName: null });
    expect((await store.getConnection('ws-1'))?.owner).toEqual({
      displayName: null,
      tags: { team: 'growth', tier: 'gold' },
    });
    await save(store, 'ws-1', { tags: { team: 'sales' } });
    expect((await store.getConnection('ws-1'))?.owner.tags).toEqual({ team: 'sales' });
    expect(ids(await store.listConnections({ tags: { team: 'growth' } }))).toEqual([]);
    expect(ids(await store.listConnections({ tags: { tier: 'gold' } }))).toEqual([]);
    expect(ids(await store.listConnections({ tags: { team: 'sales' } }))).toEqual(['ws-1']);
    await save(store, 'ws-1', { tags: {} });
    expect((await store.getConnection('ws-1'))?.owner.tags).toEqual({});
    expect(ids(await store.listConnections({ tags: { team: 'sales' } }))).toEqual([]);
  });

  it('when listing by tags, then every tag must match, and pages and counts follow the filter', async () => {
    const { store } = await env.setup();
    await save(store, 'ws-a', { tags: { team: 'growth', region: 'eu' } });
    await save(store, 'ws-b', { tags: { team: 'growth', region: 'us' } });
    await save(store, 'ws-c', { tags: { team: 'sales', region: 'eu' } });
    await save(store, 'ws-d', { tags: { team: 'growth', region: 'eu' } });
    await save(store, 'ws-e');
    await save(store, 'ws-f', { tags: { team: 'growth', region: 'eu', tier: 'gold' } });
    expect(ids(await store.listConnections({ tags: { team: 'growth' } }))).toEqual([
      'ws-a',
      'ws-b',
      'ws-d',
      'ws-f',
    ]);
    const both = { tags: { team: 'growth', region: 'eu' } };
    expect(ids(await store.listConnections(both))).toEqual(['ws-a', 'ws-d', 'ws-f']);
    expect(ids(await store.listConnections({ ...both, limit: 2 }))).toEqual(['ws-a', 'ws-d']);
    expect(
      ids(await store.listConnections({ ...both, limit: 2, afterWorkspaceId: 'ws-d' })),
    ).toEqual(['ws-f']);
    expect(await store.countConnections(both)).toBe(3);
    expect(await store.countConnections({ tags: { team: 'nobody' } })).toBe(0);
    expect(await store.countConnections()).toBe(6);
    // A value is matched exactly, not as a prefix or case-insensitively.
    expect(ids(await store.listConnections({ tags: { team: 'Growth' } }))).toEqual([]);
    expect(ids(await store.listConnections({ tags: { team: 'grow' } }))).toEqual([]);
    const seen: string[] = [];
    for await (const c of store.iterateConnections({ ...both, batchSize: 1 }))
      seen.push(c.workspaceId);
    expect(seen).toEqual(['ws-a', 'ws-d', 'ws-f']);
  });

  it('when listing by status, then only connections with that health status come back', async () => {
    const { store, clock } = await env.setup();
    for (const id of ['ws-1', 'ws-2', 'ws-3']) await save(store, id, { tags: { team: 'x' } });
    await store.record([
      { workspaceId: 'ws-1', result: { status: 'revoked', checkedAt: clock.now() } },
      { workspaceId: 'ws-3', result: { status: 'revoked', checkedAt: clock.now() } },
    ]);
    expect(ids(await store.listConnections({ status: 'revoked' }))).toEqual(['ws-1', 'ws-3']);
    expect(ids(await store.listConnections({ status: 'unknown', tags: { team: 'x' } }))).toEqual([
      'ws-2',
    ]);
    expect(await store.countConnections({ status: 'revoked' })).toBe(2);
    await expect(
      store.listConnections({ status: 'gone' as unknown as 'revoked' }),
    ).rejects.toMatchObject({ code: 'STORE_INPUT_INVALID' });
  });

  it('when listing by text, then id, name, slug and owner name match case-insensitively, and % and _ match themselves', async () => {
    const { store } = await env.setup();
    const saveNamed = (workspaceId: string, workspaceName: string | null, owner?: OwnerInput) =>
      store.saveConnection({
        workspaceId,
        workspaceName,
        workspaceSlug: workspaceName?.toLowerCase().replace(/\W+/g, '-') ?? null,
        scopes: [],
        token: fakeAttioToken(),
        ...(owner === undefined ? {} : { owner }),
      });
    await saveNamed('ws-1', 'Acme Corp');
    await saveNamed('ws-2', '100% Growth', { displayName: 'Team_Blue' });
    await saveNamed('ws-3', null, { displayName: 'Acme finance' });
    await saveNamed('ws-4', 'Globex');
    expect(ids(await store.listConnections({ text: 'ACME' }))).toEqual(['ws-1', 'ws-3']);
    expect(ids(await store.listConnections({ text: 'acme-corp' }))).toEqual(['ws-1']);
    expect(ids(await store.listConnections({ text: 'WS-4' }))).toEqual(['ws-4']);
    expect(ids(await store.listConnections({ text: '%' }))).toEqual(['ws-2']);
    expect(ids(await store.listConnections({ text: 'e_c' }))).toEqual([]);
    expect(ids(await store.listConnections({ text: 'team_' }))).toEqual(['ws-2']);
    expect(ids(await store.listConnections({ text: '' }))).toEqual([
      'ws-1',
      'ws-2',
      'ws-3',
      'ws-4',
    ]);
    expect(
      ids(await store.listConnections({ text: 'acme', limit: 1, afterWorkspaceId: 'ws-1' })),
    ).toEqual(['ws-3']);
    expect(await store.countConnections({ text: 'acme' })).toBe(2);
    await expect(store.listConnections({ text: 'x'.repeat(201) })).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
    });
  });

  it('when an owner is invalid, then STORE_OWNER_INVALID names the field or key, and nothing is written', async () => {
    const { store } = await env.setup();
    const cases: [unknown, string][] = [
      [
        { tags: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])) },
        'owner tags: 11 given, at most 10 are allowed.',
      ],
      [
        { tags: { Team: 'x' } },
        'owner tag "Team": a key is a lowercase letter, then up to 39 lowercase letters, digits or "_" (like team, customer_id).',
      ],
      [
        { tags: { ['a'.repeat(41)]: 'x' } },
        `owner tag "${'a'.repeat(41)}": a key is a lowercase letter, then up to 39 lowercase letters, digits or "_" (like team, customer_id).`,
      ],
      [
        { tags: { team: 'growth', customer_id: 'line\nbreak' } },
        'owner tag "customer_id": the value must be a string of 1 to 128 characters without control characters.',
      ],
      [
        { tags: { team: '' } },
        'owner tag "team": the value must be a string of 1 to 128 characters without control characters.',
      ],
      [
        { tags: { team: 'x'.repeat(129) } },
        'owner tag "team": the value must be a string of 1 to 128 characters without control characters.',
      ],
      [
        { tags: { team: 42 } },
        'owner tag "team": the value must be a string of 1 to 128 characters without control characters.',
      ],
      [
        { tags: ['team'] },
        "owner tags must be an object of key → value strings, like { team: 'growth' }.",
      ],
      [
        { displayName: 'tab\there' },
        'owner displayName must be null or a string of 1 to 128 characters without control characters.',
      ],
      [{ name: 'x' }, 'owner has unknown field "name"; it takes displayName and tags.'],
      [
        'growth',
        'owner must be an object like { displayName: "Growth team", tags: { team: "growth" } }.',
      ],
    ];
    for (const [owner, message] of cases) {
      await expect(
        store.saveConnection({
          workspaceId: 'ws-new',
          scopes: [],
          token: fakeAttioToken(),
          owner: owner as OwnerInput,
        }),
      ).rejects.toMatchObject({ code: 'STORE_OWNER_INVALID', message });
    }
    expect(await store.countConnections({ deleted: 'include' })).toBe(0);
    // A bad owner on a re-install leaves the stored row, its token and tags exactly as they were.
    const token = fakeAttioToken();
    await store.saveConnection({
      workspaceId: 'ws-1',
      scopes: ['a'],
      token,
      owner: { tags: { team: 'growth' } },
    });
    const before = await store.getConnection('ws-1');
    await expect(
      store.saveConnection({
        workspaceId: 'ws-1',
        scopes: ['b'],
        token: fakeAttioToken(),
        owner: { displayName: 'New', tags: { team: 'sales', Bad: 'x' } },
      }),
    ).rejects.toMatchObject({ code: 'STORE_OWNER_INVALID' });
    expect(await store.getConnection('ws-1')).toEqual(before);
    expect(await store.getToken('ws-1')).toBe(token);
    expect(ids(await store.listConnections({ tags: { team: 'growth' } }))).toEqual(['ws-1']);
    expect(await store.listRevocations()).toEqual([]);
  });

  it('when a tag filter is invalid, then STORE_INPUT_INVALID names the key', async () => {
    const { store } = await env.setup();
    await expect(store.listConnections({ tags: { 'Bad-Key': 'x' } })).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message:
        'tags filter "Bad-Key": a key is a lowercase letter, then up to 39 lowercase letters, digits or "_" (like team, customer_id).',
    });
    await expect(
      store.countConnections({ deleted: 'all' as unknown as 'include' }),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'deleted must be one of exclude, only, include.',
    });
  });
}
