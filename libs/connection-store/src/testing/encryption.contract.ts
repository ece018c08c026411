import { it, expect } from '@jest/globals';
import { parseKeyRing } from '../crypto/key-ring.js';
import { isConnectionStoreError } from '../errors/connection-store-error.js';
import { findWholeStoreKeyLoss } from '../store/whole-store-key-loss.js';
import { fakeAttioToken, ringWith } from './contract-harness.js';
import type { ContractEnv } from './contract-env.js';

function forms(token: string): Buffer[] {
  return [
    Buffer.from(token, 'utf8'),
    Buffer.from(Buffer.from(token).toString('base64')),
    Buffer.from(Buffer.from(token).toString('hex')),
    Buffer.from(token.slice(0, 24), 'utf8'),
  ];
}

/** Encryption at rest, key rotation, unknown keys, migrations. */
export function describeEncryptionContract(env: ContractEnv): void {
  it('when tokens are stored, then the raw database bytes contain no form of any token', async () => {
    const { store, db } = await env.setup();
    const tokens = [fakeAttioToken(), fakeAttioToken()];
    await store.saveConnection({
      workspaceId: 'ws-raw-1',
      workspaceName: 'Raw Bytes Inc',
      scopes: [],
      token: tokens[0],
    });
    await store.saveConnection({
      workspaceId: 'ws-raw-2',
      scopes: [],
      token: tokens[1],
    });
    await store.saveConnection({
      workspaceId: 'ws-raw-2',
      scopes: [],
      token: fakeAttioToken(),
    });
    const bytes = await db.rawBytes();
    // The dump must really cover the rows, or "no token found" would prove nothing.
    expect(bytes.includes(Buffer.from('Raw Bytes Inc'))).toBe(true);
    for (const token of tokens)
      for (const form of forms(token)) expect(bytes.includes(form)).toBe(false);
  });

  it('when the same token is saved twice, then each write uses a fresh 96-bit IV and different ciphertext', async () => {
    const { store, db } = await env.setup();
    const token = fakeAttioToken();
    await store.saveConnection({ workspaceId: 'ws-a', scopes: [], token });
    const first = (
      await db.rawQuery('SELECT token_iv, token_ciphertext, token_kid FROM connections')
    )[0];
    await store.saveConnection({ workspaceId: 'ws-a', scopes: [], token });
    const second = (
      await db.rawQuery('SELECT token_iv, token_ciphertext, token_kid FROM connections')
    )[0];
    expect((first.token_iv as Buffer).length).toBe(12);
    expect(Buffer.compare(first.token_iv as Buffer, second.token_iv as Buffer)).not.toBe(0);
    expect(
      Buffer.compare(first.token_ciphertext as Buffer, second.token_ciphertext as Buffer),
    ).not.toBe(0);
    expect(second.token_kid).toBe('k1');
  });

  it('when keys rotate, then every row is re-encrypted with the active key and old keys can be dropped', async () => {
    const { store, db, keys, clock } = await env.setup();
    const tokens = new Map<string, string>();
    for (let i = 0; i < 17; i += 1) {
      const id = `ws-${String(i).padStart(3, '0')}`;
      tokens.set(id, fakeAttioToken());
      await store.saveConnection({
        workspaceId: id,
        scopes: [],
        token: tokens.get(id) as string,
      });
    }
    const fresh = ringWith('k2');
    const both = await env.tracker.openOn(db, {
      keyRing: parseKeyRing(`${fresh.value},${keys.value}`),
      now: clock.now,
    });
    // Batch size 5 crosses several keyset pages, including a last partial one.
    expect(await both.rotateKeys({ batchSize: 5 })).toEqual({ rotated: 17 });
    expect(await both.rotateKeys()).toEqual({ rotated: 0 });
    const kids = await db.rawQuery('SELECT DISTINCT token_kid FROM connections');
    expect(kids).toEqual([{ token_kid: 'k2' }]);
    const onlyNew = await env.tracker.openOn(db, {
      keyRing: fresh.ring,
      now: clock.now,
    });
    for (const [id, token] of tokens) expect(await onlyNew.getToken(id)).toBe(token);
  });

  it('when rotateKeys is watched with onProgress, then it reports the total first and the count after each page', async () => {
    const { store, db, keys, clock } = await env.setup();
    for (let i = 0; i < 7; i += 1) {
      await store.saveConnection({ workspaceId: `ws-${i}`, scopes: [], token: fakeAttioToken() });
    }
    const both = await env.tracker.openOn(db, {
      keyRing: parseKeyRing(`${ringWith('k2').value},${keys.value}`),
      now: clock.now,
    });
    const seen: { rotated: number; total: number }[] = [];
    await both.rotateKeys({ batchSize: 3, onProgress: (p) => seen.push({ ...p }) });
    // Total up front, then pages of 3, 3, 1 of connections, then the (empty) revocation page.
    expect(seen).toEqual([
      { rotated: 0, total: 7 },
      { rotated: 3, total: 7 },
      { rotated: 6, total: 7 },
      { rotated: 7, total: 7 },
      { rotated: 7, total: 7 },
    ]);
  });

  it('when a row uses a key id missing from the ring, then STORE_KEY_UNKNOWN names the kid and leaks nothing', async () => {
    const { store, db, keys, clock } = await env.setup();
    const token = fakeAttioToken();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token });
    const other = ringWith('k9');
    const wrong = await env.tracker.openOn(db, {
      keyRing: other.ring,
      now: clock.now,
    });
    const err = await wrong.getToken('ws-1').catch((e: unknown) => e);
    expect(isConnectionStoreError(err)).toBe(true);
    expect(err).toMatchObject({
      code: 'STORE_KEY_UNKNOWN',
      message:
        'The token of workspace "ws-1" was encrypted with key id "k1", which is not in the key ring ("k9"). ' +
        'Add that key after the active one, then run the rotate operation to re-encrypt every row with the active key.',
    });
    await expect(wrong.rotateKeys()).rejects.toMatchObject({
      code: 'STORE_KEY_UNKNOWN',
    });
    const text = String((err as Error).message) + JSON.stringify(err);
    for (const secret of [token, keys.value.split(':')[1], other.value.split(':')[1]])
      expect(text).not.toContain(secret);
  });

  it('when tokens use several keys, then keyIdsInUse lists each key id once, sorted (none when empty)', async () => {
    const { store, db, keys, clock } = await env.setup();
    expect(await store.keyIdsInUse()).toEqual([]);
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    await store.saveConnection({ workspaceId: 'ws-2', scopes: [], token: fakeAttioToken() });
    const newer = ringWith('a-new');
    const both = await env.tracker.openOn(db, {
      keyRing: parseKeyRing(`${newer.value},${keys.value}`),
      now: clock.now,
    });
    await both.saveConnection({ workspaceId: 'ws-3', scopes: [], token: fakeAttioToken() });
    expect(await both.keyIdsInUse()).toEqual(['a-new', 'k1']);
    expect(await store.keyIdsInUse()).toEqual(['a-new', 'k1']);
  });

  it('when no key of the ring matches a stored key id, then findWholeStoreKeyLoss names both sets of ids and no key', async () => {
    const { store, keys } = await env.setup();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    const inUse = await store.keyIdsInUse();
    expect(findWholeStoreKeyLoss(keys.ring, inUse)).toBeUndefined();
    expect(findWholeStoreKeyLoss(ringWith('k9', 'k1').ring, inUse)).toBeUndefined();
    expect(findWholeStoreKeyLoss(ringWith('k9').ring, [])).toBeUndefined();
    const other = ringWith('k9', 'k8');
    const loss = findWholeStoreKeyLoss(other.ring, inUse);
    expect(loss).toMatchObject({
      code: 'STORE_KEY_RING_MISMATCH',
      message:
        'None of the stored tokens can be decrypted: they use key id "k1", and TOKEN_ENCRYPTION_KEYS holds ' +
        '"k9", "k8". Set TOKEN_ENCRYPTION_KEYS to the key ring the tokens were written with (the same ' +
        'value as the service that stores them), or add the old key after the active one and rotate.',
    });
    for (const secret of [keys.value, ...other.value.split(',')].map((e) => e.split(':')[1]))
      expect(JSON.stringify(loss) + String(loss?.message)).not.toContain(secret);
  });

  it('when the ring has the right kid but different key material, then STORE_DECRYPT_FAILED is raised', async () => {
    const { store, db, clock } = await env.setup();
    await store.saveConnection({
      workspaceId: 'ws-1',
      scopes: [],
      token: fakeAttioToken(),
    });
    const impostor = await env.tracker.openOn(db, {
      keyRing: ringWith('k1').ring,
      now: clock.now,
    });
    await expect(impostor.getToken('ws-1')).rejects.toMatchObject({
      code: 'STORE_DECRYPT_FAILED',
    });
  });

  it('when a ciphertext is moved to another workspace row, then authentication fails (AAD binds the workspace)', async () => {
    const { store, db } = await env.setup();
    await store.saveConnection({
      workspaceId: 'ws-victim',
      scopes: [],
      token: fakeAttioToken(),
    });
    await store.saveConnection({
      workspaceId: 'ws-attacker',
      scopes: [],
      token: fakeAttioToken(),
    });
    await db.rawQuery(
      `UPDATE connections SET token_iv = (SELECT token_iv FROM connections WHERE workspace_id = 'ws-victim'),
         token_ciphertext = (SELECT token_ciphertext FROM connections WHERE workspace_id = 'ws-victim')
       WHERE workspace_id = 'ws-attacker'`,
    );
    await expect(store.getToken('ws-attacker')).rejects.toMatchObject({
      code: 'STORE_DECRYPT_FAILED',
    });
  });

  it('when several stores open a new database at once, then migrations are applied exactly once', async () => {
    const db = await env.harness.freshDatabase();
    const { ring } = ringWith('k1');
    const stores = await Promise.all(
      [1, 2, 3].map(() => env.tracker.openOn(db, { keyRing: ring })),
    );
    const versions = await db.rawQuery(
      'SELECT version, name FROM connection_store_migrations ORDER BY version',
    );
    expect(versions.map((v) => ({ version: Number(v.version), name: v.name }))).toEqual([
      { version: 1, name: 'connections and install states' },
      { version: 2, name: 'health checker leases and run locks' },
      { version: 3, name: 'install states marked used instead of deleted' },
      { version: 4, name: 'owners, tags, soft delete, revocation queue and install sessions' },
      { version: 5, name: 'event outbox, delivery log and alerted health status' },
      { version: 6, name: 'health history' },
      { version: 7, name: 'observations from live traffic' },
      { version: 8, name: 'health rounds' },
      { version: 9, name: 'index-backed lease and admin list at a million connections' },
      { version: 10, name: 'per-connection due time (bounded adaptive check interval)' },
      { version: 11, name: 'events by type' },
    ]);
    await stores[0].saveConnection({
      workspaceId: 'ws-1',
      scopes: [],
      token: fakeAttioToken(),
    });
    expect(await stores[2].countConnections()).toBe(1);
  });
}
