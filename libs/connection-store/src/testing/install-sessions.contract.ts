import { it, expect } from '@jest/globals';
import type { ContractEnv } from './contract-env.js';
import { fakeAttioToken } from './contract-harness.js';

const MINUTE = 60_000;
const ID = 'c2Vzc2lvbi1pZC1mb3ItdGhlLWNvbnRyYWN0LXN1aXRl';

/** Install and reconnect sessions: create, single-use consume, expiry, purge. */
export function describeInstallSessionsContract(env: ContractEnv): void {
  it('when a reconnect session is consumed, then the first use gets it whole and later ones read "used"', async () => {
    const { store, clock } = await env.setup();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    const expiresAt = new Date(clock.now().getTime() + 10 * MINUTE);
    await store.createInstallSession({
      id: ID,
      kind: 'reconnect',
      workspaceId: 'ws-1',
      owner: { tags: { team: 'growth' } },
      returnTo: 'https://app.example.com/settings',
      expiresAt,
    });
    expect(await store.consumeInstallSession(ID)).toEqual({
      outcome: 'ok',
      session: {
        kind: 'reconnect',
        workspaceId: 'ws-1',
        owner: { tags: { team: 'growth' } },
        returnTo: 'https://app.example.com/settings',
        expiresAt,
        createdAt: clock.now(),
      },
    });
    expect(await store.consumeInstallSession(ID)).toEqual({ outcome: 'used' });
    expect(await store.consumeInstallSession(`${ID}-other`)).toEqual({ outcome: 'unknown' });
  });

  it('when an install session without owner or returnTo is consumed, then they read as {} and null', async () => {
    const { store, clock } = await env.setup();
    await store.createInstallSession({
      id: ID,
      kind: 'install',
      expiresAt: new Date(clock.now().getTime() + MINUTE),
    });
    const consumed = await store.consumeInstallSession(ID);
    expect(consumed).toMatchObject({
      outcome: 'ok',
      session: { kind: 'install', workspaceId: null, owner: {}, returnTo: null },
    });
  });

  it('when a session is consumed at or after its expiry, then it reads "expired" once and "used" after', async () => {
    const { store, clock } = await env.setup();
    await store.createInstallSession({
      id: ID,
      kind: 'install',
      owner: { displayName: 'Growth' },
      expiresAt: new Date(clock.now().getTime() + MINUTE),
    });
    clock.advance(MINUTE);
    expect(await store.consumeInstallSession(ID)).toEqual({ outcome: 'expired' });
    expect(await store.consumeInstallSession(ID)).toEqual({ outcome: 'used' });
  });

  it('when one session is consumed concurrently, then exactly one consume gets "ok"', async () => {
    const { store, db, keys, clock } = await env.setup();
    await store.createInstallSession({
      id: ID,
      kind: 'install',
      expiresAt: new Date(clock.now().getTime() + MINUTE),
    });
    const others = await Promise.all(
      [1, 2, 3].map(() => env.tracker.openOn(db, { keyRing: keys.ring, now: clock.now })),
    );
    const outcomes = await Promise.all(
      [store, ...others, store].map((s) => s.consumeInstallSession(ID).then((c) => c.outcome)),
    );
    expect(outcomes.sort()).toEqual(['ok', 'used', 'used', 'used', 'used']);
  });

  it('when expired sessions are purged, then those at or past their expiry go and later read "unknown"', async () => {
    const { store, clock } = await env.setup();
    const t = clock.now().getTime();
    await store.createInstallSession({
      id: `${ID}-a`,
      kind: 'install',
      expiresAt: new Date(t + MINUTE),
    });
    await store.createInstallSession({
      id: `${ID}-b`,
      kind: 'install',
      expiresAt: new Date(t + 5 * MINUTE),
    });
    clock.advance(MINUTE);
    expect(await store.purgeExpiredInstallSessions()).toBe(1);
    expect(await store.consumeInstallSession(`${ID}-a`)).toEqual({ outcome: 'unknown' });
    expect((await store.consumeInstallSession(`${ID}-b`)).outcome).toBe('ok');
  });

  it('when a session is stored, then the raw database holds only the hash of its id', async () => {
    const { store, db, clock } = await env.setup();
    await store.createInstallSession({
      id: ID,
      kind: 'install',
      owner: { displayName: 'Visible Owner Name' },
      expiresAt: new Date(clock.now().getTime() + MINUTE),
    });
    const bytes = await db.rawBytes();
    expect(bytes.includes(Buffer.from('Visible Owner Name'))).toBe(true);
    expect(bytes.includes(Buffer.from(ID))).toBe(false);
  });

  it('when session input is invalid, then a typed error names the field and nothing is stored', async () => {
    const { store, clock } = await env.setup();
    const expiresAt = new Date(clock.now().getTime() + MINUTE);
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { kind: 'reconnect' },
        'STORE_INPUT_INVALID',
        'A reconnect session needs the workspaceId it reconnects.',
      ],
      [
        { kind: 'install', workspaceId: 'ws-1' },
        'STORE_INPUT_INVALID',
        'An install session takes no workspaceId (the user picks the workspace); use kind "reconnect" for a stored one.',
      ],
      [{ kind: 'upgrade' }, 'STORE_INPUT_INVALID', 'kind must be one of install, reconnect.'],
      [
        { kind: 'reconnect', workspaceId: 'ws-never-installed' },
        'STORE_CONNECTION_NOT_FOUND',
        'No connection is stored for workspace "ws-never-installed"; a reconnect link is for a stored workspace (use kind "install" for a new one).',
      ],
      [
        { kind: 'install', id: 'short' },
        'STORE_INPUT_INVALID',
        "id must be at least 16 characters of randomness, like randomBytes(32).toString('base64url').",
      ],
      [
        { kind: 'install', owner: { tags: { 'no spaces': 'x' } } },
        'STORE_OWNER_INVALID',
        'owner tag "no spaces": a key is a lowercase letter, then up to 39 lowercase letters, digits or "_" (like team, customer_id).',
      ],
    ];
    for (const [input, code, message] of cases) {
      await expect(
        store.createInstallSession({ id: ID, expiresAt, ...input } as never),
      ).rejects.toMatchObject({ code, message });
    }
    expect(await store.consumeInstallSession(ID)).toEqual({ outcome: 'unknown' });
    await store.createInstallSession({ id: ID, kind: 'install', expiresAt });
    await expect(
      store.createInstallSession({ id: ID, kind: 'install', expiresAt }),
    ).rejects.toMatchObject({
      code: 'STORE_INSTALL_SESSION_EXISTS',
      message:
        'This install session id is already stored; generate a fresh random id for every link.',
    });
  });
}
