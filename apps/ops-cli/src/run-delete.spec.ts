import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulkDeleteNotice } from './commands/connections-delete.js';
import { run } from './run.js';
import { captureIo } from './testing/capture-io.js';
import { DRIVERS, type TestDatabase } from './testing/test-databases.js';

// Deletes revoke at the sandbox's POST /oauth/revoke over real sockets, on real SQLite and PostgreSQL.
jest.setTimeout(30_000);

const cwd = mkdtempSync(join(tmpdir(), 'ops-cli-delete-'));
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.admin.clearFaults());

async function selfActive(token: string): Promise<boolean> {
  const res = await fetch(`${sandbox.urls.api}/v2/self`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { active: boolean }).active;
}

it('when a bulk delete is announced, then it says how long the paced revokes take', () => {
  expect(bulkDeleteNotice(200, 50)).toBe(
    'Deleting 200 connections: revokes are paced at 50 per minute, expected to take about 3 min.\n',
  );
  expect(bulkDeleteNotice(3, 50)).toBe(
    'Deleting 3 connections: revokes are paced at 50 per minute, expected to take less than a second.\n',
  );
  expect(bulkDeleteNotice(3, undefined)).toBe(
    'Deleting 3 connections without revoking their tokens.\n',
  );
});

describe.each(DRIVERS)('connections delete ($driver)', (driverCase) => {
  const title = driverCase.skip ?? '';
  const maybe = driverCase.skip === undefined ? it : it.skip;
  let db: TestDatabase;
  const tokens = new Map<string, string>();
  beforeEach(async () => {
    if (driverCase.skip !== undefined) return;
    db = await driverCase.fresh();
    const store = await db.open();
    const workspaceId = sandbox.fixtures.workspaces[0]?.id as string;
    for (const [id, team] of [
      ['ws-1', 'growth'],
      ['ws-2', 'growth'],
      ['ws-3', 'growth'],
      ['ws-4', 'ops'],
    ] as const) {
      const token = sandbox.admin.createToken({ workspaceId, scopes: ['user_management:read'] });
      tokens.set(id, token);
      await store.saveConnection({ workspaceId: id, scopes: [], token, owner: { tags: { team } } });
    }
  });
  afterEach(async () => {
    if (driverCase.skip === undefined) await db.cleanup();
  });

  const cli = async (argv: string[]) => {
    const io = captureIo({
      env: { ...db.env, ATTIO_REVOKE_URL: `${sandbox.urls.oauth}/oauth/revoke` },
      cwd,
    });
    const code = await run(argv, io);
    for (const token of tokens.values()) expect(io.all()).not.toContain(token);
    return { code, out: io.out(), err: io.err() };
  };

  maybe(
    `when one connection is deleted, then its token is revoked at Attio first and the row is soft-deleted with the outcome ${title}`,
    async () => {
      const r = await cli(['connections', 'delete', 'ws-1']);
      expect(r.code).toBe(0);
      expect(r.out).toBe(
        '✓ ws-1: deleted, token revoked at Attio\nRestore within retention with attio-auth connections restore <workspace>.\n',
      );
      expect(r.err).toBe('');
      expect(await selfActive(tokens.get('ws-1') as string)).toBe(false);
      expect(await selfActive(tokens.get('ws-2') as string)).toBe(true);
      const store = await db.open();
      expect((await store.getConnection('ws-1'))?.deleted?.revoke).toEqual({
        outcome: 'revoked',
        error: null,
      });
      const shown = await cli(['connections', 'show', 'ws-1']);
      expect(shown.out).toMatch(/\ndeleted {5}\S+Z, token revoked\n/);
    },
  );

  maybe(
    `when every connection of an owner is deleted with --all, then it announces the pace, revokes each one, and leaves the others ${title}`,
    async () => {
      const r = await cli(['connections', 'delete', '--owner', 'team=growth', '--all', '--json']);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.out);
      expect(doc.result).toMatchObject({ count: 3, failed: 0, estimatedMs: 0 });
      expect(doc.result.results.map((x: { workspaceId: string }) => x.workspaceId)).toEqual([
        'ws-1',
        'ws-2',
        'ws-3',
      ]);
      for (const id of ['ws-1', 'ws-2', 'ws-3'])
        expect(await selfActive(tokens.get(id) as string)).toBe(false);
      expect(await selfActive(tokens.get('ws-4') as string)).toBe(true);
      const human = await cli(['connections', 'delete', 'ws-4', 'ws-nope']);
      expect(human.code).toBe(2);
      expect(human.err).toBe(
        'Deleting 2 connections: revokes are paced at 50 per minute, expected to take less than a second.\n',
      );
      expect(human.out).toContain(
        '✓ ws-4: deleted, token revoked at Attio\n✗ ws-nope: no such connection\n',
      );
    },
  );

  maybe(
    `when the revoke fails (Attio 503), then the row is still soft-deleted, the token is queued, and exit 1 ${title}`,
    async () => {
      sandbox.admin.setFaults([{ path: '/oauth/revoke', status: 503, times: 1 }]);
      const r = await cli(['connections', 'delete', 'ws-2']);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(
        /^✗ ws-2: deleted, but revoking its token failed \(.+\); the service's background pass will retry it\n/,
      );
      expect(await selfActive(tokens.get('ws-2') as string)).toBe(true);
      const store = await db.open();
      expect((await store.getConnection('ws-2'))?.deleted?.revoke?.outcome).toBe('failed');
      expect(await store.listRevocations({ workspaceId: 'ws-2' })).toEqual([
        expect.objectContaining({ reason: 'deleted', state: 'pending' }),
      ]);
    },
  );

  maybe(
    `when deleted with --no-revoke or --purge, then the token stays live or the row is gone ${title}`,
    async () => {
      const kept = await cli(['connections', 'delete', 'ws-3', '--no-revoke']);
      expect(kept.code).toBe(0);
      expect(kept.out).toContain('✓ ws-3: deleted, token NOT revoked (--no-revoke)\n');
      expect(await selfActive(tokens.get('ws-3') as string)).toBe(true);
      const purged = await cli(['connections', 'delete', 'ws-4', '--purge']);
      expect(purged.out).toBe('✓ ws-4: purged, token revoked at Attio\n');
      const store = await db.open();
      expect(await store.getConnection('ws-4')).toBeUndefined();
    },
  );

  maybe(
    `when --owner comes without --all, or nothing is named, then exit 64 and nothing is deleted ${title}`,
    async () => {
      const noAll = await cli(['connections', 'delete', '--owner', 'team=growth']);
      expect(noAll.code).toBe(64);
      expect(noAll.err).toContain('deleting by owner needs --all as well');
      const none = await cli(['connections', 'delete']);
      expect(none.code).toBe(64);
      const store = await db.open();
      expect(await store.countConnections()).toBe(4);
    },
  );
});
