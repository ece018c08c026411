import { it, expect } from '@jest/globals';
import { parseKeyRing } from '../crypto/key-ring.js';
import type { ConnectionStore } from '../store/types.js';
import { fakeAttioToken, ringWith } from './contract-harness.js';
import type { ContractEnv } from './contract-env.js';

const MINUTE = 60_000;

function forms(token: string): Buffer[] {
  return [
    Buffer.from(token, 'utf8'),
    Buffer.from(Buffer.from(token).toString('base64')),
    Buffer.from(token.slice(0, 24), 'utf8'),
  ];
}

async function saveToken(store: ConnectionStore, workspaceId: string, token: string) {
  return store.saveConnection({ workspaceId, scopes: [], token });
}

/** Replacing a token queues the old one; the revocation queue: enqueue, lease, record, list. */
export function describeRevocationsContract(env: ContractEnv): void {
  it('when a workspace re-installs with a new token, then the old one is queued "replaced", sealed, and opens to the old token', async () => {
    const { store, db, clock } = await env.setup();
    const [oldToken, newToken] = [fakeAttioToken(), fakeAttioToken()];
    await saveToken(store, 'ws-1', oldToken);
    clock.advance(MINUTE);
    await saveToken(store, 'ws-1', newToken);
    expect(await store.getToken('ws-1')).toBe(newToken);
    const [entry] = await store.listRevocations();
    expect(entry).toEqual({
      id: expect.any(String),
      workspaceId: 'ws-1',
      reason: 'replaced',
      state: 'pending',
      attempts: 0,
      lastError: null,
      nextAttemptAt: clock.now(),
      createdAt: clock.now(),
      completedAt: null,
    });
    expect(JSON.stringify(await store.listRevocations())).not.toContain(oldToken);
    const bytes = await db.rawBytes();
    for (const token of [oldToken, newToken])
      for (const form of forms(token)) expect(bytes.includes(form)).toBe(false);
    const leased = await store.leaseRevocations({ owner: 'r1', limit: 10, leaseMs: MINUTE });
    expect(leased.map((l) => l.revocation.id)).toEqual([entry?.id]);
    expect(leased[0]?.openToken()).toBe(oldToken);
  });

  it('when the same token is saved again, then nothing is queued', async () => {
    const { store } = await env.setup();
    const token = fakeAttioToken();
    await saveToken(store, 'ws-1', token);
    await saveToken(store, 'ws-1', token);
    expect(await store.listRevocations()).toEqual([]);
    await saveToken(store, 'ws-1', fakeAttioToken());
    await saveToken(store, 'ws-1', fakeAttioToken());
    expect((await store.listRevocations()).map((r) => r.reason)).toEqual(['replaced', 'replaced']);
  });

  it('when one workspace is re-installed from two stores at once, then every replaced token is queued once and the stored one never', async () => {
    const { store, db, keys, clock } = await env.setup();
    const second = await env.tracker.openOn(db, { keyRing: keys.ring, now: clock.now });
    const first = fakeAttioToken();
    await saveToken(store, 'ws-1', first);
    const tokens = Array.from({ length: 8 }, () => fakeAttioToken());
    await Promise.all(tokens.map((t, i) => saveToken(i % 2 === 0 ? store : second, 'ws-1', t)));
    const stored = (await store.getToken('ws-1')) ?? '';
    expect(tokens).toContain(stored);
    const leased = await store.leaseRevocations({ owner: 'r1', limit: 20, leaseMs: MINUTE });
    expect(leased.map((l) => l.openToken()).sort()).toEqual(
      [first, ...tokens].filter((t) => t !== stored).sort(),
    );
    const events = await store.listEvents({ workspaceId: 'ws-1' });
    expect(events.map((e) => e.type).sort()).toEqual([
      'connection.created',
      ...Array<string>(8).fill('connection.replaced'),
    ]);
  });

  it('when a new workspace is installed from two stores at once, then one install creates it and the others replace it, queueing their predecessors', async () => {
    const { store, db, keys, clock } = await env.setup();
    const second = await env.tracker.openOn(db, { keyRing: keys.ring, now: clock.now });
    const tokens = Array.from({ length: 4 }, () => fakeAttioToken());
    await Promise.all(tokens.map((t, i) => saveToken(i % 2 === 0 ? store : second, 'ws-new', t)));
    const stored = (await store.getToken('ws-new')) ?? '';
    expect(tokens).toContain(stored);
    const leased = await store.leaseRevocations({ owner: 'r1', limit: 20, leaseMs: MINUTE });
    expect(leased.map((l) => l.openToken()).sort()).toEqual(
      tokens.filter((t) => t !== stored).sort(),
    );
    const events = await store.listEvents({ workspaceId: 'ws-new' });
    expect(events.map((e) => e.type).sort()).toEqual([
      'connection.created',
      'connection.replaced',
      'connection.replaced',
      'connection.replaced',
    ]);
    expect((await store.healthHistory('ws-new')).map((h) => [h.from, h.to, h.reasonCode])).toEqual([
      [null, 'unknown', 'installed'],
    ]);
  });

  it('when the queue cannot be written, then the re-install fails whole and the old token stays stored', async () => {
    const { store, db } = await env.setup();
    const oldToken = fakeAttioToken();
    await store.saveConnection({
      workspaceId: 'ws-1',
      workspaceName: 'Old',
      scopes: [],
      token: oldToken,
    });
    // Proves the queue insert and the token swap share one transaction: the swap rolls back with it.
    await db.rawQuery('ALTER TABLE revocations RENAME TO revocations_moved');
    // The driver's error may come from another realm than the test's (a native addon in a Jest
    // worker), where `rejects.toThrow()` does not recognise it: compare the settled outcome instead.
    const outcome = await store
      .saveConnection({
        workspaceId: 'ws-1',
        workspaceName: 'New',
        scopes: [],
        token: fakeAttioToken(),
      })
      .then(
        () => 'saved',
        () => 'failed',
      );
    expect(outcome).toBe('failed');
    expect(await store.getToken('ws-1')).toBe(oldToken);
    expect((await store.getConnection('ws-1'))?.workspaceName).toBe('Old');
  });

  it('when the replaced token cannot be opened with the ring, then the re-install succeeds and nothing is queued', async () => {
    const { store, db, clock } = await env.setup();
    await saveToken(store, 'ws-1', fakeAttioToken());
    const other = await env.tracker.openOn(db, { keyRing: ringWith('k9').ring, now: clock.now });
    const token = fakeAttioToken();
    await saveToken(other, 'ws-1', token);
    expect(await other.getToken('ws-1')).toBe(token);
    expect(await other.listRevocations()).toEqual([]);
  });

  it('when a refused token is enqueued, then it is sealed with the active key and leased with its token', async () => {
    const { store, db } = await env.setup();
    const token = fakeAttioToken();
    const entry = await store.enqueueRevocation({
      workspaceId: 'ws-x',
      token,
      reason: 'install_refused',
    });
    expect(entry).toMatchObject({
      workspaceId: 'ws-x',
      reason: 'install_refused',
      state: 'pending',
    });
    const [raw] = await db.rawQuery('SELECT token_kid, token_ciphertext FROM revocations');
    expect(raw?.token_kid).toBe('k1');
    for (const form of forms(token)) expect((await db.rawBytes()).includes(form)).toBe(false);
    const [leased] = await store.leaseRevocations({ owner: 'r1', limit: 1, leaseMs: MINUTE });
    expect(leased?.openToken()).toBe(token);
    expect(await store.countConnections()).toBe(0);
  });

  it('when entries are leased, then a lease holds until it expires, and limit and due order apply', async () => {
    const { store, clock } = await env.setup();
    const a = await store.enqueueRevocation({
      workspaceId: 'ws-a',
      token: fakeAttioToken(),
      reason: 'replaced',
    });
    clock.advance(1);
    const b = await store.enqueueRevocation({
      workspaceId: 'ws-b',
      token: fakeAttioToken(),
      reason: 'replaced',
    });
    clock.advance(1);
    const c = await store.enqueueRevocation({
      workspaceId: 'ws-c',
      token: fakeAttioToken(),
      reason: 'replaced',
    });
    const lease = (owner: string, limit = 10) =>
      store
        .leaseRevocations({ owner, limit, leaseMs: MINUTE })
        .then((l) => l.map((e) => e.revocation.id));
    expect(await lease('r1', 2)).toEqual([a.id, b.id]);
    expect(await lease('r2')).toEqual([c.id]);
    expect(await lease('r3')).toEqual([]);
    clock.advance(MINUTE);
    expect(await lease('r3')).toEqual([a.id, b.id, c.id]);
    // An explicit `now` before an entry is due leases nothing.
    const d = await store.enqueueRevocation({
      workspaceId: 'ws-d',
      token: fakeAttioToken(),
      reason: 'replaced',
    });
    expect(
      await store.leaseRevocations({
        owner: 'r4',
        limit: 10,
        leaseMs: MINUTE,
        now: new Date(clock.now().getTime() - 1),
      }),
    ).toEqual([]);
    expect(await lease('r4')).toEqual([d.id]);
  });

  it('when an attempt fails, then attempts count, the error is kept and the entry is due again after the backoff or retryAt', async () => {
    const { store, clock } = await env.setup();
    const entry = await store.enqueueRevocation({
      workspaceId: 'ws-1',
      token: fakeAttioToken(),
      reason: 'replaced',
    });
    await store.leaseRevocations({ owner: 'r1', limit: 1, leaseMs: 10 * MINUTE });
    const t = clock.now().getTime();
    expect(
      await store.recordRevocation(entry.id, { outcome: 'failed', error: 'OAUTH_REVOKE_FAILED' }),
    ).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: 'OAUTH_REVOKE_FAILED',
      nextAttemptAt: new Date(t + MINUTE),
    });
    // The failure freed the lease, but the entry is not due before its next attempt time.
    const lease = () => store.leaseRevocations({ owner: 'r2', limit: 1, leaseMs: MINUTE });
    expect(await lease()).toEqual([]);
    clock.advance(MINUTE);
    expect((await lease()).map((l) => l.revocation.id)).toEqual([entry.id]);
    expect(
      await store.recordRevocation(entry.id, { outcome: 'failed', error: 'x'.repeat(600) }),
    ).toMatchObject({
      attempts: 2,
      lastError: 'x'.repeat(500),
      nextAttemptAt: new Date(t + 3 * MINUTE),
    });
    const retryAt = new Date(t + 30 * MINUTE);
    expect(
      await store.recordRevocation(entry.id, { outcome: 'failed', error: 'RATE_LIMITED', retryAt }),
    ).toMatchObject({ attempts: 3, nextAttemptAt: retryAt });
  });

  it('when an attempt succeeds, then the entry is finished, its sealed token wiped, and it is never leased or reopened', async () => {
    const { store, db, clock } = await env.setup();
    const gone = await store.enqueueRevocation({
      workspaceId: 'ws-1',
      token: fakeAttioToken(),
      reason: 'replaced',
    });
    const done = await store.enqueueRevocation({
      workspaceId: 'ws-2',
      token: fakeAttioToken(),
      reason: 'install_refused',
    });
    await store.leaseRevocations({ owner: 'r1', limit: 10, leaseMs: MINUTE });
    clock.advance(5);
    expect(await store.recordRevocation(done.id, { outcome: 'revoked' })).toEqual({
      ...done,
      state: 'revoked',
      attempts: 1,
      nextAttemptAt: null,
      completedAt: clock.now(),
    });
    expect((await store.recordRevocation(gone.id, { outcome: 'already_gone' }))?.state).toBe(
      'already_gone',
    );
    const raw = await db.rawQuery('SELECT token_kid, token_iv, token_ciphertext FROM revocations');
    expect(raw).toEqual([
      { token_kid: null, token_iv: null, token_ciphertext: null },
      { token_kid: null, token_iv: null, token_ciphertext: null },
    ]);
    clock.advance(10 * MINUTE);
    expect(await store.leaseRevocations({ owner: 'r2', limit: 10, leaseMs: MINUTE })).toEqual([]);
    expect((await store.recordRevocation(done.id, { outcome: 'failed' }))?.state).toBe('revoked');
    expect(await store.recordRevocation('no-such-id', { outcome: 'revoked' })).toBeUndefined();
    expect((await store.listRevocations({ state: 'revoked' })).map((r) => r.id)).toEqual([done.id]);
    expect((await store.listRevocations({ workspaceId: 'ws-1' })).map((r) => r.id)).toEqual([
      gone.id,
    ]);
    expect(await store.listRevocations({ state: 'pending' })).toEqual([]);
  });

  it('when several stores lease revocations at once, then no entry is leased twice and all are leased', async () => {
    const { db, store, keys, clock } = await env.setup();
    for (let i = 0; i < 30; i += 1)
      await store.enqueueRevocation({
        workspaceId: `ws-${i}`,
        token: fakeAttioToken(),
        reason: 'replaced',
      });
    const others = await Promise.all(
      [1, 2, 3].map(() => env.tracker.openOn(db, { keyRing: keys.ring, now: clock.now })),
    );
    const claimed: string[] = [];
    await Promise.all(
      [store, ...others].map(async (s, i) => {
        for (;;) {
          const batch = await s.leaseRevocations({ owner: `r${i}`, limit: 2, leaseMs: MINUTE });
          if (batch.length === 0) return;
          claimed.push(...batch.map((l) => l.revocation.id));
        }
      }),
    );
    expect(claimed.length).toBe(30);
    expect(new Set(claimed).size).toBe(30);
  });

  it('when keys rotate, then pending entries are re-encrypted too and open after the old key is dropped', async () => {
    const { store, db, keys, clock } = await env.setup();
    const token = fakeAttioToken();
    await store.enqueueRevocation({ workspaceId: 'ws-1', token, reason: 'install_refused' });
    const fresh = ringWith('k2');
    const both = await env.tracker.openOn(db, {
      keyRing: parseKeyRing(`${fresh.value},${keys.value}`),
      now: clock.now,
    });
    expect(await both.rotateKeys()).toEqual({ rotated: 1 });
    const onlyNew = await env.tracker.openOn(db, { keyRing: fresh.ring, now: clock.now });
    const [leased] = await onlyNew.leaseRevocations({ owner: 'r1', limit: 1, leaseMs: MINUTE });
    expect(leased?.openToken()).toBe(token);
  });

  it('when queue input is invalid, then STORE_INPUT_INVALID names the field', async () => {
    const { store } = await env.setup();
    await expect(
      store.enqueueRevocation({
        workspaceId: 'ws-1',
        token: fakeAttioToken(),
        reason: 'bored' as 'replaced',
      }),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'reason must be one of replaced, install_refused, deleted.',
    });
    await expect(
      store.enqueueRevocation({ workspaceId: 'ws-1', token: ' ', reason: 'replaced' }),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'token must be a non-empty string.',
    });
    await expect(
      store.recordRevocation('id', { outcome: 'maybe' as 'revoked' }),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'outcome must be one of revoked, already_gone, failed.',
    });
    await expect(
      store.leaseRevocations({ owner: 'r', limit: 0, leaseMs: 1 }),
    ).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'limit must be an integer between 1 and 10000.',
    });
    expect(await store.listRevocations()).toEqual([]);
  });
}
