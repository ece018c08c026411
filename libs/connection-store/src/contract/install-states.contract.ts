import type { ContractEnv } from './contract-env.js';

const MINUTE = 60_000;

/** Install states: single use, expiry, purge. */
export function describeInstallStatesContract(env: ContractEnv): void {
  it('when a state is consumed, then it returns the binding once and undefined afterwards', async () => {
    const { store, clock } = await env.setup();
    const expiresAt = new Date(clock.now().getTime() + 10 * MINUTE);
    await store.states.create({
      state: 'state-1',
      bindingHash: 'bind-1',
      expiresAt,
    });
    expect(await store.states.consume('state-1')).toEqual({
      bindingHash: 'bind-1',
      expiresAt,
    });
    expect(await store.states.consume('state-1')).toBeUndefined();
    expect(await store.states.consume('never-created')).toBeUndefined();
  });

  it('when the same state is consumed concurrently, then exactly one consumer gets it', async () => {
    const { store, db, keys, clock } = await env.setup();
    const second = await env.tracker.openOn(db, {
      keyRing: keys.ring,
      now: clock.now,
    });
    await store.states.create({
      state: 'race',
      bindingHash: 'b',
      expiresAt: new Date(clock.now().getTime() + MINUTE),
    });
    const results = await Promise.all([
      store.states.consume('race'),
      second.states.consume('race'),
      store.states.consume('race'),
      second.states.consume('race'),
    ]);
    expect(results.filter((r) => r !== undefined)).toEqual([
      { bindingHash: 'b', expiresAt: new Date(clock.now().getTime() + MINUTE) },
    ]);
  });

  it('when a state has expired but was not purged, then consume still returns it so the caller can say "expired"', async () => {
    const { store, clock } = await env.setup();
    const expiresAt = new Date(clock.now().getTime() + MINUTE);
    await store.states.create({ state: 's', bindingHash: 'b', expiresAt });
    clock.advance(2 * MINUTE);
    const found = await store.states.consume('s');
    expect(found).toEqual({ bindingHash: 'b', expiresAt });
    expect((found?.expiresAt.getTime() ?? Infinity) <= clock.now().getTime()).toBe(true);
  });

  it('when expired states are purged, then only those at or past their expiry are removed', async () => {
    const { store, clock } = await env.setup();
    const t = clock.now().getTime();
    await store.states.create({
      state: 'old',
      bindingHash: 'b1',
      expiresAt: new Date(t + MINUTE),
    });
    await store.states.create({
      state: 'edge',
      bindingHash: 'b2',
      expiresAt: new Date(t + 2 * MINUTE),
    });
    await store.states.create({
      state: 'fresh',
      bindingHash: 'b3',
      expiresAt: new Date(t + 10 * MINUTE),
    });
    clock.advance(2 * MINUTE);
    expect(await store.states.purgeExpired()).toBe(2);
    expect(await store.states.consume('old')).toBeUndefined();
    expect(await store.states.consume('edge')).toBeUndefined();
    expect(await store.states.consume('fresh')).toEqual({
      bindingHash: 'b3',
      expiresAt: new Date(t + 10 * MINUTE),
    });
    expect(await store.states.purgeExpired()).toBe(0);
  });

  it('when a state is created twice, then STORE_STATE_EXISTS is raised and the first binding is kept', async () => {
    const { store, clock } = await env.setup();
    const expiresAt = new Date(clock.now().getTime() + MINUTE);
    await store.states.create({
      state: 'dup',
      bindingHash: 'first',
      expiresAt,
    });
    await expect(
      store.states.create({ state: 'dup', bindingHash: 'second', expiresAt }),
    ).rejects.toMatchObject({
      code: 'STORE_STATE_EXISTS',
      message:
        'This install state is already stored; generate a fresh random state for every install.',
    });
    expect(await store.states.consume('dup')).toEqual({
      bindingHash: 'first',
      expiresAt,
    });
  });

  it('when a state is stored, then the raw database holds only its hash', async () => {
    const { store, db, clock } = await env.setup();
    const state = 'Zm9vYmFyYmF6cXV4LXN0YXRlLXZhbHVlLTEyMzQ1Njc4OTA';
    const bindingHash = 'binding-hash-stored-in-clear-7f3a';
    await store.states.create({
      state,
      bindingHash,
      expiresAt: new Date(clock.now().getTime() + MINUTE),
    });
    const bytes = await db.rawBytes();
    expect(bytes.includes(Buffer.from(bindingHash))).toBe(true);
    expect(bytes.includes(Buffer.from(state))).toBe(false);
  });
}
