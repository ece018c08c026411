import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRevokePacer } from '@attio-auth/attio-oauth';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import type { ConnectionStore } from '@attio-auth/connection-store';
import {
  manualClock,
  postgresHarness,
  postgresReachable,
  ringWith,
  sqliteHarness,
  type ContractHarness,
  type ManualClock,
} from '@attio-auth/connection-store/testing';
import {
  deleteConnection,
  estimateBulkDelete,
  purgeExpired,
  purgeHealthHistoryExpired,
  restoreConnection,
  runRevocationPass,
  type LifecycleDeps,
} from './index.js';

const DAY_MS = 86_400_000;
const pgUrl = process.env['TEST_DATABASE_URL'];
const pgUp = postgresReachable(pgUrl);

const drivers: { name: string; harness: () => ContractHarness; skip: boolean }[] = [
  { name: 'SQLite', harness: () => sqliteHarness(), skip: false },
  { name: 'PostgreSQL', harness: () => postgresHarness(pgUrl), skip: !pgUp },
];

/** Log lines a test logger collected, as JSON, to check that no token reached them. */
function collectingLogger(lines: string[]): LifecycleDeps['logger'] {
  const push = (obj: object, msg?: string) => lines.push(JSON.stringify({ ...obj, msg }));
  return { info: push, warn: push };
}

async function selfActive(sandbox: Sandbox, token: string): Promise<unknown> {
  const res = await fetch(`${sandbox.urls.api}/v2/self`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { active?: unknown }).active;
}

describe.each(drivers)('connection lifecycle on $name', ({ harness: makeHarness, skip }) => {
  const maybe = skip ? it.skip : it;
  const harness = makeHarness();
  let sandbox: Sandbox;
  let store: ConnectionStore;
  let clock: ManualClock;
  let deps: LifecycleDeps;
  let logLines: string[];

  const workspaceId = () => sandbox.fixtures.workspaces[0]?.id ?? '';
  const newToken = () => sandbox.admin.createToken({ workspaceId: workspaceId(), scopes: [] });
  const install = async (id: string, token = newToken()) => {
    await store.saveConnection({ workspaceId: id, scopes: [], token });
    return token;
  };

  beforeEach(async () => {
    if (skip) return;
    sandbox = await startSandbox({ rateLimit: false });
    clock = manualClock();
    store = await harness.openStore(await harness.freshDatabase(), {
      keyRing: ringWith('k1').ring,
      now: clock.now,
    });
    logLines = [];
    deps = {
      store,
      revokeUrl: `${sandbox.urls.oauth}/oauth/revoke`,
      now: clock.now,
      logger: collectingLogger(logLines),
    };
  });

  afterEach(async () => {
    if (skip) return;
    await store.close();
    await sandbox.close();
  });

  afterAll(async () => {
    await harness.cleanup();
  });

  maybe(
    'when a connection is deleted, then its token is revoked at Attio first and the row keeps the outcome',
    async () => {
      const token = await install('ws-1');
      expect(await selfActive(sandbox, token)).toBe(true);

      const result = await deleteConnection(deps, 'ws-1');

      expect(result).toEqual({
        found: true,
        deleted: true,
        purged: false,
        alreadyDeleted: false,
        revoke: { outcome: 'revoked' },
      });
      expect(await selfActive(sandbox, token)).toBe(false);
      expect(sandbox.admin.revokedTokens()).toContainEqual(
        expect.objectContaining({ tokenId: sandbox.admin.tokenId(token), via: 'endpoint' }),
      );
      const row = await store.getConnection('ws-1');
      expect(row?.deleted).toEqual({
        deletedAt: clock.now(),
        revoke: { outcome: 'revoked', error: null },
      });
      expect(await store.getToken('ws-1')).toBeUndefined();
      expect(await store.listRevocations({ workspaceId: 'ws-1' })).toEqual([]);
      expect(logLines.join('\n')).not.toContain(token);
    },
  );

  maybe(
    'when deleted with revoke: false, then Attio is not called and the row records no attempt',
    async () => {
      const token = await install('ws-1');
      const result = await deleteConnection(deps, 'ws-1', { revoke: false });
      expect(result.revoke).toEqual({ outcome: 'skipped' });
      expect(sandbox.admin.counters().revoke.requests).toBe(0);
      expect((await store.getConnection('ws-1'))?.deleted?.revoke).toBeNull();
      expect(await selfActive(sandbox, token)).toBe(true);
    },
  );

  maybe(
    'when deleted with purge: true, then the row is gone now and the token revoked',
    async () => {
      const token = await install('ws-1');
      const result = await deleteConnection(deps, 'ws-1', { purge: true });
      expect(result).toMatchObject({ deleted: true, purged: true, revoke: { outcome: 'revoked' } });
      expect(await store.getConnection('ws-1')).toBeUndefined();
      expect(await selfActive(sandbox, token)).toBe(false);
    },
  );

  maybe(
    'when the connection is unknown or deleted already, then nothing is revoked again',
    async () => {
      expect(await deleteConnection(deps, 'nope')).toEqual({
        found: false,
        deleted: false,
        purged: false,
        alreadyDeleted: false,
        revoke: null,
      });
      await install('ws-1');
      await deleteConnection(deps, 'ws-1');
      expect(await deleteConnection(deps, 'ws-1')).toMatchObject({
        found: true,
        deleted: false,
        alreadyDeleted: true,
        revoke: null,
      });
      expect(sandbox.admin.counters().revoke.requests).toBe(1);
      expect(await deleteConnection(deps, 'ws-1', { purge: true })).toMatchObject({
        deleted: true,
        purged: true,
        alreadyDeleted: true,
      });
      expect(await store.getConnection('ws-1')).toBeUndefined();
    },
  );

  maybe(
    'when a workspace installs again, then the pass revokes the old token and the new one works',
    async () => {
      const oldToken = await install('ws-1');
      const newTokenValue = await install('ws-1');

      const counts = await runRevocationPass(deps, { owner: 'test-pass' });

      expect(counts).toEqual({ leased: 1, revoked: 1, alreadyGone: 0, failed: 0 });
      expect(await selfActive(sandbox, oldToken)).toBe(false);
      expect(await selfActive(sandbox, newTokenValue)).toBe(true);
      expect(await store.getToken('ws-1')).toBe(newTokenValue);
      const [entry] = await store.listRevocations({ workspaceId: 'ws-1' });
      expect(entry).toMatchObject({ reason: 'replaced', state: 'revoked', attempts: 1 });
      expect(await runRevocationPass(deps, { owner: 'test-pass' })).toMatchObject({ leased: 0 });
      expect(logLines.join('\n')).not.toContain(oldToken);
    },
  );

  maybe(
    'when the revoke fails (Attio 503 once), then the delete still happens and a later pass revokes it',
    async () => {
      const token = await install('ws-1');
      sandbox.admin.setFaults([{ path: '/oauth/revoke', status: 503, times: 1 }]);

      const result = await deleteConnection(deps, 'ws-1');

      expect(result).toMatchObject({
        deleted: true,
        revoke: { outcome: 'failed', error: 'ATTIO_OAUTH_REVOKE_FAILED', queued: true },
      });
      expect((await store.getConnection('ws-1'))?.deleted?.revoke).toEqual({
        outcome: 'failed',
        error: 'ATTIO_OAUTH_REVOKE_FAILED',
      });
      expect(await selfActive(sandbox, token)).toBe(true);
      // Not due yet: the store's backoff holds the entry for a minute.
      expect(await runRevocationPass(deps, { owner: 'test-pass' })).toMatchObject({ leased: 0 });

      clock.advance(61_000);
      const counts = await runRevocationPass(deps, { owner: 'test-pass' });

      expect(counts).toEqual({ leased: 1, revoked: 1, alreadyGone: 0, failed: 0 });
      expect(await selfActive(sandbox, token)).toBe(false);
      const [entry] = await store.listRevocations({ workspaceId: 'ws-1' });
      expect(entry).toMatchObject({ reason: 'deleted', state: 'revoked', attempts: 2 });
      expect(logLines.join('\n')).not.toContain(token);
    },
  );

  maybe(
    'when a queued revoke fails in the pass, then it is recorded and retried later',
    async () => {
      const oldToken = await install('ws-1');
      await install('ws-1');
      sandbox.admin.setFaults([{ path: '/oauth/revoke', status: 503, times: 1 }]);

      expect(await runRevocationPass(deps, { owner: 'test-pass' })).toMatchObject({ failed: 1 });
      const [pending] = await store.listRevocations({ workspaceId: 'ws-1' });
      expect(pending).toMatchObject({ state: 'pending', lastError: 'ATTIO_OAUTH_REVOKE_FAILED' });

      clock.advance(61_000);
      expect(await runRevocationPass(deps, { owner: 'test-pass' })).toMatchObject({ revoked: 1 });
      expect(await selfActive(sandbox, oldToken)).toBe(false);
    },
  );

  maybe(
    'when restored within retention, then it is live again; after retention the purge removes it',
    async () => {
      const token = await install('ws-1');
      await deleteConnection(deps, 'ws-1', { revoke: false });

      clock.advance(29 * DAY_MS);
      expect(await purgeExpired(deps, { retentionDays: 30 })).toBe(0);
      expect(await restoreConnection(deps, 'ws-1')).toEqual({
        restored: true,
        revoke: null,
        tokenRevoked: false,
      });
      expect(await store.getToken('ws-1')).toBe(token);
      expect(await restoreConnection(deps, 'ws-1')).toMatchObject({ restored: false });

      await deleteConnection(deps, 'ws-1');
      clock.advance(30 * DAY_MS + 1);
      expect(await restoreConnection(deps, 'ws-2')).toMatchObject({ restored: false });
      expect(await purgeExpired(deps, { retentionDays: 30 })).toBe(1);
      expect(await store.getConnection('ws-1')).toBeUndefined();
      expect(await restoreConnection(deps, 'ws-1')).toMatchObject({ restored: false });
    },
  );

  maybe(
    'when health history is older than its retention, then the pass purges it and keeps the newer changes',
    async () => {
      await install('ws-1');
      clock.advance(10 * DAY_MS);
      await store.record([
        { workspaceId: 'ws-1', result: { status: 'healthy', checkedAt: clock.now() } },
      ]);
      const opts = { retentionDays: 10 };
      expect(await purgeHealthHistoryExpired({ ...deps, store }, opts)).toBe(0);
      clock.advance(1);
      expect(await purgeHealthHistoryExpired({ ...deps, store }, opts)).toBe(1);
      expect((await store.healthHistory('ws-1')).map((h) => h.to)).toEqual(['healthy']);
      expect(logLines).toEqual([
        JSON.stringify({
          event: 'health_history_purged',
          count: 1,
          retentionDays: 10,
          msg: 'purged health history past retention',
        }),
      ]);
      await expect(
        purgeHealthHistoryExpired({ ...deps, store }, { retentionDays: -1 }),
      ).rejects.toThrow(RangeError);
    },
  );

  maybe('when a revoked delete is restored, then it says the token no longer works', async () => {
    await install('ws-1');
    await deleteConnection(deps, 'ws-1');
    expect(await restoreConnection(deps, 'ws-1')).toEqual({
      restored: true,
      revoke: { outcome: 'revoked', error: null },
      tokenRevoked: true,
    });
  });

  maybe(
    'when 200 connections are deleted at once with the pacer at the revoke limit, then none gets a 429',
    async () => {
      await sandbox.close();
      const rate = { perWindow: 10, windowMs: 300 };
      sandbox = await startSandbox({
        rateLimit: false,
        revokeLimit: { max: rate.perWindow, windowMs: rate.windowMs },
      });
      deps = {
        ...deps,
        revokeUrl: `${sandbox.urls.oauth}/oauth/revoke`,
        pacer: createRevokePacer(rate),
      };
      const ids = Array.from({ length: 200 }, (_, i) => `ws-${String(i).padStart(3, '0')}`);
      for (const id of ids) await install(id);

      const results = await Promise.all(ids.map((id) => deleteConnection(deps, id)));

      expect(results.filter((r) => r.revoke?.outcome === 'revoked')).toHaveLength(200);
      expect(sandbox.admin.counters().revoke).toMatchObject({ revoked: 200, rateLimited: 0 });
      expect(await store.countConnections({ deleted: 'only' })).toBe(200);
    },
    60_000,
  );
});

describe('estimateBulkDelete', () => {
  it('when paced at Attio’s 50 per minute, then 200 deletes take at least three minutes', () => {
    expect(estimateBulkDelete(200)).toBe(180_000);
    expect(estimateBulkDelete(50)).toBe(0);
    expect(estimateBulkDelete(0)).toBe(0);
    expect(estimateBulkDelete(200, 100)).toBe(60_000);
  });

  it('when the rate or count is not a positive whole number, then it throws a RangeError', () => {
    expect(() => estimateBulkDelete(-1)).toThrow(RangeError);
    expect(() => estimateBulkDelete(10, 0)).toThrow(/perWindow must be a positive whole number/);
  });
});

describe('purgeExpired input', () => {
  it('when retentionDays is negative, then it says what is allowed before touching the store', async () => {
    const store = {} as LifecycleDeps['store'];
    await expect(purgeExpired({ store }, { retentionDays: -1 })).rejects.toThrow(
      'retentionDays must be a number of days ≥ 0 (default 30), got -1.',
    );
  });
});
