import { Writable } from 'node:stream';

import { until } from '@attio-auth/attio-core/testing';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { sandboxEnv } from '@attio-auth/attio-sandbox/testing';
import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
  type ConnectionStore,
} from '@attio-auth/connection-store';

import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startService, type RunningService } from '../service.js';
import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { runInstall } from '../testing/install-driver.js';
import { freshDatabase, storeDrivers, type TestDatabase } from '../testing/test-databases.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(60_000);

const ADMIN_TOKEN = 'admin-token-0123456789abcdefghijklmnop';
const DAY_MS = 86_400_000;

interface Body {
  data?: unknown;
  error?: { code: string };
  tokenRevoked?: boolean;
}

async function selfActive(sandbox: Sandbox, token: string): Promise<unknown> {
  const res = await fetch(`${sandbox.urls.api}/v2/self`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { active?: unknown }).active;
}

function adminClient(baseUrl: string) {
  return async (path: string, method = 'GET') => {
    const res = await fetch(`${baseUrl}/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    return { status: res.status, body: (await res.json()) as Body };
  };
}

const idsOf = (body: Body) => (body.data as { workspaceId: string }[]).map((c) => c.workspaceId);

for (const target of storeDrivers()) {
  const suite = target.mode === 'skip' ? describe.skip : describe;

  suite(`admin delete, restore and filters ${target.title}`, () => {
    if (target.mode === 'fail') {
      it('when PostgreSQL is required, then it must be reachable', () => {
        throw new Error(`${target.title}: start PostgreSQL or set TEST_DATABASE_URL`);
      });
      return;
    }
    let sandbox: Sandbox;
    let service: CallbackHarness;
    let admin: ReturnType<typeof adminClient>;
    const workspaceId = () => sandbox.fixtures.workspaces[0]?.id ?? '';

    beforeEach(async () => {
      sandbox = await startSandbox({ rateLimit: false });
      service = await startCallbackHarness({
        sandbox,
        driver: target.driver,
        env: { ADMIN_TOKEN },
      });
      admin = adminClient(service.url);
    });
    afterEach(async () => {
      await service?.close();
      await sandbox?.close();
    });

    it('when an installed connection is deleted, then its token is revoked at Attio first and the row shows it', async () => {
      expect((await runInstall(service.url, { accept: 'application/json' })).result.status).toBe(
        200,
      );
      const id = workspaceId();
      const token = (await service.store.getToken(id)) ?? '';
      expect(await selfActive(sandbox, token)).toBe(true);

      const deleted = await admin(`/connections/${id}`, 'DELETE');

      expect(deleted).toEqual({
        status: 200,
        body: {
          data: {
            workspaceId: id,
            deleted: true,
            purged: false,
            alreadyDeleted: false,
            revoke: { outcome: 'revoked', error: null },
          },
        },
      });
      expect(await selfActive(sandbox, token)).toBe(false);
      expect(sandbox.admin.revokedTokens().map((r) => r.tokenId)).toContain(
        sandbox.admin.tokenId(token),
      );
      expect(idsOf((await admin('/connections')).body)).toEqual([]);
      const gone = await admin('/connections?deleted=only');
      expect(idsOf(gone.body)).toEqual([id]);
      expect((gone.body.data as Record<string, unknown>[])[0]).toMatchObject({
        owner: { displayName: null, tags: {} },
        deleted: { revoke: { outcome: 'revoked', error: null } },
      });
      expect(idsOf((await admin('/connections?deleted=include')).body)).toEqual([id]);
      // A repeated delete revokes nothing again.
      expect((await admin(`/connections/${id}`, 'DELETE')).body.data).toMatchObject({
        deleted: false,
        alreadyDeleted: true,
        revoke: null,
      });
      expect(sandbox.admin.counters().revoke.requests).toBe(1);
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).toContain(
        'oauth_callback_revocations_total{outcome="revoked",source="delete"} 1',
      );
      expect(JSON.stringify(service.logs)).not.toContain(token);
    });

    it('when a deleted connection is restored, then it is live again and says whether its token was revoked', async () => {
      await service.store.saveConnection({
        workspaceId: 'ws-a',
        scopes: [],
        token: sandbox.admin.createToken({ workspaceId: workspaceId(), scopes: [] }),
      });
      const skipped = await admin('/connections/ws-a?revoke=false', 'DELETE');
      expect(skipped.body.data).toMatchObject({ revoke: { outcome: 'skipped', error: null } });
      expect(sandbox.admin.counters().revoke.requests).toBe(0);
      const row = (await admin('/connections/ws-a')).body.data;
      expect(row).toMatchObject({ deleted: { revoke: { outcome: 'skipped' } } });

      const restored = await admin('/connections/ws-a/restore', 'POST');
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({
        data: { workspaceId: 'ws-a', deleted: null },
        tokenRevoked: false,
      });
      expect(idsOf((await admin('/connections')).body)).toEqual(['ws-a']);
      expect((await admin('/connections/ws-a/restore', 'POST')).body.error?.code).toBe(
        'ADMIN_CONNECTION_NOT_DELETED',
      );
      expect((await admin('/connections/nope/restore', 'POST')).body.error?.code).toBe(
        'ADMIN_CONNECTION_NOT_FOUND',
      );

      await admin('/connections/ws-a', 'DELETE');
      expect((await admin('/connections/ws-a/restore', 'POST')).body.tokenRevoked).toBe(true);
    });

    it('when deleted with purge=true, then the row is gone now and the token revoked', async () => {
      const token = sandbox.admin.createToken({ workspaceId: workspaceId(), scopes: [] });
      await service.store.saveConnection({ workspaceId: 'ws-a', scopes: [], token });
      const purged = await admin('/connections/ws-a?purge=true', 'DELETE');
      expect(purged.body.data).toMatchObject({ deleted: true, purged: true });
      expect((await admin('/connections/ws-a')).status).toBe(404);
      expect((await admin('/connections/ws-a', 'DELETE')).status).toBe(404);
      expect(await selfActive(sandbox, token)).toBe(false);
    });

    it('when the revoke fails at Attio, then the delete still happens, says failed and queues a retry', async () => {
      const token = sandbox.admin.createToken({ workspaceId: workspaceId(), scopes: [] });
      await service.store.saveConnection({ workspaceId: 'ws-a', scopes: [], token });
      sandbox.admin.setFaults([{ path: '/oauth/revoke', status: 503, times: 1 }]);
      const res = await admin('/connections/ws-a', 'DELETE');
      expect(res.body.data).toMatchObject({
        deleted: true,
        revoke: { outcome: 'failed', error: 'ATTIO_OAUTH_REVOKE_FAILED', queuedForRetry: true },
      });
      expect(await service.store.listRevocations({ workspaceId: 'ws-a' })).toMatchObject([
        { reason: 'deleted', state: 'pending', attempts: 1 },
      ]);
      expect(JSON.stringify(res.body)).not.toContain(token);
    });

    it('when the list is filtered by owner tag, status and deleted, then only matching rows come back', async () => {
      const save = (id: string, tags: Record<string, string>) =>
        service.store.saveConnection({
          workspaceId: id,
          scopes: [],
          token: sandbox.admin.createToken({ workspaceId: workspaceId(), scopes: [] }),
          owner: { displayName: `Team ${id}`, tags },
        });
      await save('ws-a', { team: 'growth', customer_id: 'c-1' });
      await save('ws-b', { team: 'growth' });
      await save('ws-c', { team: 'sales' });
      await admin('/connections/ws-b?revoke=false', 'DELETE');

      expect(idsOf((await admin('/connections?owner.team=growth')).body)).toEqual(['ws-a']);
      expect(idsOf((await admin('/connections?owner.team=growth&deleted=include')).body)).toEqual([
        'ws-a',
        'ws-b',
      ]);
      expect(
        idsOf((await admin('/connections?owner.team=growth&owner.customer_id=c-1')).body),
      ).toEqual(['ws-a']);
      expect(idsOf((await admin('/connections?status=unknown')).body)).toEqual(['ws-a', 'ws-c']);
      expect(idsOf((await admin('/connections?status=healthy')).body)).toEqual([]);
      const [first] = (await admin('/connections?owner.team=sales')).body.data as Record<
        string,
        unknown
      >[];
      expect(first).toMatchObject({ owner: { displayName: 'Team ws-c', tags: { team: 'sales' } } });
    });

    it('when a connection’s history is asked, then its status changes come back newest first, in pages, and an unknown workspace is 404', async () => {
      const installedAt = new Date();
      await service.store.saveConnection({
        workspaceId: 'ws-h',
        scopes: [],
        token: sandbox.admin.createToken({ workspaceId: workspaceId(), scopes: [] }),
      });
      const at = (s: number) => new Date(installedAt.getTime() + s * 1000);
      await service.store.record([
        { workspaceId: 'ws-h', result: { status: 'healthy', checkedAt: at(10) } },
      ]);
      await service.store.record([
        {
          workspaceId: 'ws-h',
          result: {
            status: 'under_scoped',
            checkedAt: at(20),
            errorCode: 'SCOPES_MISSING',
            missingScopes: ['record_permission:read-write'],
          },
        },
      ]);
      const page1 = await admin('/connections/ws-h/history?limit=2');
      expect(page1.status).toBe(200);
      const body1 = page1.body as { data: Record<string, unknown>[]; nextBefore: string | null };
      expect(
        body1.data.map((entry) =>
          Object.fromEntries(Object.entries(entry).filter(([k]) => k !== 'id')),
        ),
      ).toEqual([
        {
          from: 'healthy',
          to: 'under_scoped',
          at: at(20).toISOString(),
          reasonCode: 'SCOPES_MISSING',
          missingScopes: ['record_permission:read-write'],
        },
        {
          from: 'unknown',
          to: 'healthy',
          at: at(10).toISOString(),
          reasonCode: null,
          missingScopes: [],
        },
      ]);
      expect(body1.nextBefore).toBe(`${at(10).getTime()}.${String(body1.data[1]?.['id'])}`);
      const page2 = await admin(`/connections/ws-h/history?limit=2&before=${body1.nextBefore}`);
      expect(page2.body).toMatchObject({
        data: [{ from: null, to: 'unknown', reasonCode: 'installed' }],
        nextBefore: null,
      });
      expect((await admin('/connections/ws-nope/history')).body.error?.code).toBe(
        'ADMIN_CONNECTION_NOT_FOUND',
      );
      for (const bad of ['?limit=0', '?before=yesterday', '?limit=5&limit=6', '?status=healthy']) {
        const res = await admin(`/connections/ws-h/history${bad}`);
        expect([bad, res.status, res.body.error?.code]).toEqual([
          bad,
          400,
          'ADMIN_HISTORY_QUERY_INVALID',
        ]);
      }
      expect((await admin('/connections/ws-h/history', 'DELETE')).status).toBe(405);
    });

    it.each([
      ['/connections?owner.Team=x'],
      ['/connections?owner.team='],
      ['/connections?owner.team=a&owner.team=b'],
      ['/connections?owner.=x'],
      [`/connections?owner.team=${'x'.repeat(129)}`],
      ['/connections?owner.team=a%0Ab'],
      ['/connections?deleted=maybe'],
      ['/connections?status=nope'],
      ['/connections?tag=team:x'],
    ])('when the list query is %s, then 400 ADMIN_QUERY_INVALID', async (path) => {
      const res = await admin(path);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('ADMIN_QUERY_INVALID');
    });

    it.each([['?purge=maybe'], ['?revoke=no'], ['?purge=true&purge=false'], ['?force=true']])(
      'when DELETE gets %s, then 400 ADMIN_DELETE_QUERY_INVALID and nothing changes',
      async (q) => {
        await service.store.saveConnection({
          workspaceId: 'ws-a',
          scopes: [],
          token: sandbox.admin.createToken({ workspaceId: workspaceId(), scopes: [] }),
        });
        const res = await admin(`/connections/ws-a${q}`, 'DELETE');
        expect(res.status).toBe(400);
        expect(res.body.error?.code).toBe('ADMIN_DELETE_QUERY_INVALID');
        expect((await service.store.getConnection('ws-a'))?.deleted).toBeNull();
        expect(sandbox.admin.counters().revoke.requests).toBe(0);
      },
    );
  });

  suite(`background revocation pass ${target.title}`, () => {
    if (target.mode === 'fail') return;
    let sandbox: Sandbox;
    let db: TestDatabase;
    let store: ConnectionStore;
    let service: RunningService;
    let clock: number;
    const logs: string[] = [];

    beforeEach(async () => {
      sandbox = await startSandbox({ rateLimit: false });
      db = freshDatabase(target.driver);
      const keys = generateKeyRingEntry('t1');
      clock = Date.parse('2026-03-01T10:00:00Z');
      store = await openConnectionStore({
        databaseUrl: db.databaseUrl,
        keyRing: parseKeyRing(keys),
        ...(db.schema ? { schema: db.schema } : {}),
        now: () => new Date(clock),
      });
      const config = loadConfig(
        sandboxEnv(sandbox, {
          PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
          PORT: '0',
          TOKEN_ENCRYPTION_KEYS: keys,
          ADMIN_TOKEN,
          REVOCATION_PASS_INTERVAL_SECONDS: '1',
          DELETED_RETENTION_DAYS: '7',
          SHUTDOWN_TIMEOUT_MS: '2000',
        }),
      );
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          logs.push(chunk.toString('utf8'));
          done();
        },
      });
      service = await startService(config, createLogger(config.log, sink), {
        store,
        processMetrics: false,
        now: () => clock,
      });
    });
    afterEach(async () => {
      await service?.close();
      await store?.close();
      db?.drop();
      await sandbox?.close();
    });

    const revokedIds = () => sandbox.admin.revokedTokens().map((r) => r.tokenId);

    it('when a workspace installs again, then the pass revokes the old token and the new one works', async () => {
      const oldToken = sandbox.admin.createToken({
        workspaceId: sandbox.fixtures.workspaces[0]?.id ?? '',
        scopes: [],
      });
      const newToken = sandbox.admin.createToken({
        workspaceId: sandbox.fixtures.workspaces[0]?.id ?? '',
        scopes: [],
      });
      await store.saveConnection({ workspaceId: 'ws-a', scopes: [], token: oldToken });
      await store.saveConnection({ workspaceId: 'ws-a', scopes: [], token: newToken });

      await until(
        () => revokedIds().includes(sandbox.admin.tokenId(oldToken)),
        'the pass revoked the replaced token',
      );

      expect(await selfActive(sandbox, oldToken)).toBe(false);
      expect(await selfActive(sandbox, newToken)).toBe(true);
      expect(await store.getToken('ws-a')).toBe(newToken);
    });

    it('when a delete’s revoke failed, then a later pass retries it and succeeds; retention then purges', async () => {
      const token = sandbox.admin.createToken({
        workspaceId: sandbox.fixtures.workspaces[0]?.id ?? '',
        scopes: [],
      });
      await store.saveConnection({ workspaceId: 'ws-a', scopes: [], token });
      sandbox.admin.setFaults([{ path: '/oauth/revoke', status: 503, times: 1 }]);
      const res = await adminClient(service.url)('/connections/ws-a', 'DELETE');
      expect(res.body.data).toMatchObject({ revoke: { outcome: 'failed' } });
      // Not due for a minute (store clock): a round now leases nothing.
      expect((await service.revocationPass.runOnce()).revocations.leased).toBe(0);

      clock += 61_000;
      await until(
        () => revokedIds().includes(sandbox.admin.tokenId(token)),
        'a later pass revoked the token',
      );
      expect(await selfActive(sandbox, token)).toBe(false);

      expect((await service.revocationPass.runOnce()).purged).toBe(0);
      clock += 7 * DAY_MS + 1;
      expect((await service.revocationPass.runOnce()).purged).toBe(1);
      expect(await store.getConnection('ws-a')).toBeUndefined();
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).toContain(
        'oauth_callback_revocations_total{outcome="failed",source="delete"} 1',
      );
      expect(metrics).toContain(
        'oauth_callback_revocations_total{outcome="revoked",source="pass"} 1',
      );
      expect(metrics).toContain('oauth_callback_connections_purged_total 1');
      expect(logs.join('')).not.toContain(token);
    });
  });
}
