import type { ContractEnv } from './contract-env.js';

const MINUTE = 60_000;

/** Install states: single use, used / expired / unknown, purge. */
export function describeInstallStatesContract(env: ContractEnv): void {
  it('when a state is consumed, then the first consume is ok with its binding, later ones "used", a never-stored one "unknown"', async () => {
    const { store, clock } = await env.setup();
    const expiresAt = new Date(clock.now().getTime() + 10 * MINUTE);
    await store.createState({ state: 'state-1', bindingHash: 'bind-1', expiresAt });
    expect(await store.consumeState('state-1')).toEqual({
      outcome: 'ok',
      bindingHash: 'bind-1',
      expiresAt,
    });
    expect(await store.consumeState('state-1')).toEqual({ outcome: 'used' });
    expect(await store.consumeState('state-1')).toEqual({ outcome: 'used' });
    expect(await store.consumeState('never-created')).toEqual({ outcome: 'unknown' });
  });

  it('when the same state is consumed concurrently by two stores, then exactly one consume is ok and the others "used"', async () => {
    const { store, db, keys, clock } = await env.setup();
    const second = await env.tracker.openOn(db, { keyRing: keys.ring, now: clock.now });
    const expiresAt = new Date(clock.now().getTime() + MINUTE);
    await store.createState({ state: 'race', bindingHash: 'b', expiresAt });
    const results = await Promise.all([
      store.consumeState('race'),
      second.consumeState('race'),
      store.consumeState('race'),
      second.consumeState('race'),
    ]);
    expect(results.filter((r) => r.outcome === 'ok')).toEqual([
      { outcome: 'ok', bindingHash: 'b', expiresAt },
    ]);
    expect(results.filter((r) => r.outcome === 'used')).toHaveLength(3);
  });

  it('when a state has expired but was not purged, then its first consume is "expired" and burns it', async () => {
    const { store, clock } = await env.setup();
    const expiresAt = new Date(clock.now().getTime() + MINUTE);
    await store.createState({ state: 's', bindingHash: 'b', expiresAt });
    clock.advance(MINUTE);
    expect(await store.consumeState('s')).toEqual({ outcome: 'expired' });
    expect(await store.consumeState('s')).toEqual({ outcome: 'used' });
  });

  it('when expired states are purged, then those at or past their expiry go, used or not, and later read "unknown"', async () => {
    const { store, clock } = await env.setup();
    const t = clock.now().getTime();
    await store.createState({ state: 'old', bindingHash: 'b1', expiresAt: new Date(t + MINUTE) });
    await store.createState({
      state: 'edge-used',
      bindingHash: 'b2',
      expiresAt: new Date(t + 2 * MINUTE),
    });
    await store.createState({
      state: 'fresh',
      bindingHash: 'b3',
      expiresAt: new Date(t + 10 * MINUTE),
    });
    await store.createState({
      state: 'fresh-used',
      bindingHash: 'b4',
      expiresAt: new Date(t + 10 * MINUTE),
    });
    expect((await store.consumeState('edge-used')).outcome).toBe('ok');
    expect((await store.consumeState('fresh-used')).outcome).toBe('ok');
    clock.advance(2 * MINUTE);
    expect(await store.purgeExpiredStates()).toBe(2);
    expect(await store.consumeState('old')).toEqual({ outcome: 'unknown' });
    expect(await store.consumeState('edge-used')).toEqual({ outcome: 'unknown' });
    expect(await store.consumeState('fresh-used')).toEqual({ outcome: 'used' });
    expect(await store.consumeState('fresh')).toEqual({
      outcome: 'ok',
      bindingHash: 'b3',
      expiresAt: new Date(t + 10 * MINUTE),
    });
    expect(await store.purgeExpiredStates()).toBe(0);
  });

  it('when a state is created twice, then STORE_STATE_EXISTS is raised and the first binding is kept', async () => {
    const { store, clock } = await env.setup();
    const expiresAt = new Date(clock.now().getTime() + MINUTE);
    await store.createState({ state: 'dup', bindingHash: 'first', expiresAt });
    await expect(
      store.createState({ state: 'dup', bindingHash: 'second', expiresAt }),
    ).rejects.toMatchObject({
      code: 'STORE_STATE_EXISTS',
      message:
        'This install state is already stored; generate a fresh random state for every install.',
    });
    expect(await store.consumeState('dup')).toEqual({
      outcome: 'ok',
      bindingHash: 'first',
      expiresAt,
    });
  });

  it('when a state or its binding is empty, then STORE_INPUT_INVALID names the field', async () => {
    const { store, clock } = await env.setup();
    const expiresAt = new Date(clock.now().getTime() + MINUTE);
    await expect(
      store.createState({ state: '', bindingHash: 'b', expiresAt }),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'state must be a non-empty string.',
    });
    await expect(store.consumeState(' ')).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'state must be a non-empty string.',
    });
  });

  it('when a state is stored, then the raw database holds only its hash', async () => {
    const { store, db, clock } = await env.setup();
    const state = 'Zm9vYmFyYmF6cXV4LXN0YXRlLXZhbHVlLTEyMzQ1Njc4OTA';
    const bindingHash = 'binding-hash-stored-in-clear-7f3a';
    await store.createState({
      state,
      bindingHash,
      expiresAt: new Date(clock.now().getTime() + MINUTE),
    });
    const bytes = await db.rawBytes();
    expect(bytes.includes(Buffer.from(bindingHash))).toBe(true);
    expect(bytes.includes(Buffer.from(state))).toBe(false);
  });
}
