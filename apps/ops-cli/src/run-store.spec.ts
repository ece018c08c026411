import { generateKeyRingEntry } from '@attio-auth/connection-store';
import { fakeAttioToken } from '@attio-auth/connection-store/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run.js';
import { captureIo } from './testing/capture-io.js';
import { DRIVERS, type TestDatabase } from './testing/test-databases.js';

// Real SQLite files and real PostgreSQL schemas, opened by the CLI the way an operator's shell would.
jest.setTimeout(30_000);

const cwd = mkdtempSync(join(tmpdir(), 'ops-cli-cwd-'));

async function seed(db: TestDatabase): Promise<Map<string, string>> {
  const store = await db.open();
  const tokens = new Map<string, string>();
  const rows: { id: string; name: string; tags: Record<string, string>; displayName?: string }[] = [
    { id: 'ws-a', name: 'Acme', tags: { team: 'growth' }, displayName: 'Growth team' },
    { id: 'ws-b', name: 'Beta\u001b[2J', tags: { team: 'growth', customer_id: 'c-42' } },
    { id: 'ws-c', name: '=HYPERLINK("x")', tags: { team: 'ops' } },
  ];
  for (const r of rows) {
    const token = fakeAttioToken();
    tokens.set(r.id, token);
    await store.saveConnection({
      workspaceId: r.id,
      workspaceName: r.name,
      scopes: ['record_permission:read'],
      token,
      owner: { displayName: r.displayName ?? null, tags: r.tags },
    });
  }
  return tokens;
}

describe.each(DRIVERS)('attio-auth against the store ($driver)', (driverCase) => {
  const title = driverCase.skip ?? '';
  const maybe = driverCase.skip === undefined ? it : it.skip;
  let db: TestDatabase;
  let tokens: Map<string, string>;
  beforeEach(async () => {
    if (driverCase.skip !== undefined) return;
    db = await driverCase.fresh();
    tokens = await seed(db);
  });
  afterEach(async () => {
    if (driverCase.skip === undefined) await db.cleanup();
  });

  const cli = async (argv: string[], extra: Record<string, string> = {}) => {
    const io = captureIo({ env: { ...db.env, ...extra }, cwd });
    const code = await run(argv, io);
    for (const token of tokens.values()) expect(io.all()).not.toContain(token);
    expect(io.all()).not.toContain(db.keys.split(':')[1]);
    return { code, out: io.out(), err: io.err() };
  };

  maybe(
    `when connections are listed by owner tag with --json, then only the tagged ones come back ${title}`,
    async () => {
      const r = await cli([
        'connections',
        'list',
        '--owner',
        'team=growth',
        '--json',
        '--page-size',
        '1',
      ]);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.out);
      expect(doc).toMatchObject({ command: 'connections list', outcome: 'ok', exitCode: 0 });
      expect(doc.result.count).toBe(2);
      expect(doc.result.connections.map((c: { workspaceId: string }) => c.workspaceId)).toEqual([
        'ws-a',
        'ws-b',
      ]);
      expect(doc.result.connections[1].owner.tags).toEqual({ customer_id: 'c-42', team: 'growth' });
    },
  );

  maybe(
    `when connections are listed as a table and as CSV, then store values are terminal-safe and formula-proof ${title}`,
    async () => {
      const table = await cli(['connections', 'list']);
      expect(table.code).toBe(0);
      expect(table.out).not.toContain('\u001b');
      expect(table.out).toContain('Beta\\u001b[2J');
      expect(table.out.split('\n')[0]).toBe(
        'workspace  name             status   owner        tags                          installed   deleted',
      );
      const csv = await cli(['connections', 'list', '--csv', '--status', 'unknown']);
      expect(csv.out.split('\r\n')).toEqual([
        'workspace,name,status,owner,tags,installed,deleted',
        expect.stringMatching(/^ws-a,Acme,unknown,Growth team,team=growth,\d{4}-\d\d-\d\d,$/),
        expect.stringMatching(/^ws-b,Beta\\u001b\[2J,unknown,,"customer_id=c-42,team=growth",/),
        expect.stringMatching(/^ws-c,"'=HYPERLINK\(""x""\)",unknown,,team=ops,/),
        '',
      ]);
    },
  );

  maybe(
    `when a bad --status or --owner is given, then exit 64 naming the flag ${title}`,
    async () => {
      const status = await cli(['connections', 'list', '--status', 'dead']);
      expect(status.code).toBe(64);
      expect(status.err).toBe(
        'attio-auth: error: --status must be one of unknown, healthy, revoked, under_scoped, workspace_mismatch, failed_to_check.\n',
      );
      const owner = await cli(['connections', 'list', '--owner', 'team']);
      expect(owner.code).toBe(64);
      expect(owner.err).toContain('--owner takes key=value');
    },
  );

  maybe(
    `when a connection is shown, then it prints its owner and revocations, and exit 1 for an unknown one ${title}`,
    async () => {
      const store = await db.open();
      // A re-install queues the replaced token for revocation.
      const newer = fakeAttioToken();
      tokens.set('ws-a-new', newer);
      await store.saveConnection({ workspaceId: 'ws-a', scopes: [], token: newer });
      const r = await cli(['connections', 'show', 'ws-a', '--json']);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.out);
      expect(doc.result.connection).toMatchObject({
        workspaceId: 'ws-a',
        owner: { displayName: 'Growth team', tags: { team: 'growth' } },
        deletedAt: null,
      });
      expect(doc.result.revocations).toEqual([
        expect.objectContaining({ reason: 'replaced', state: 'pending', attempts: 0 }),
      ]);
      const human = await cli(['connections', 'show', 'ws-a']);
      expect(human.out).toContain('owner       Growth team team=growth\n');
      expect(human.out).toMatch(/revocations\n {2}\S+ {2}replaced {2}pending {2}attempts 0\n/);
      expect(human.out).toMatch(
        /timeline {4}status changes, newest first\n {2}\S+ {2}installed \(unknown\)\n$/,
      );
      const missing = await cli(['connections', 'show', 'ws-nope']);
      expect(missing.code).toBe(1);
      expect(missing.out).toBe('no connection for workspace ws-nope.\n');
    },
  );

  maybe(
    `when a checked connection is shown, then its timeline lists each status change newest first with reason and missing scopes ${title}`,
    async () => {
      const store = await db.open();
      const t0 = (await store.getConnection('ws-b'))?.installedAt ?? new Date();
      const at = (min: number) => new Date(t0.getTime() + min * 60_000);
      await store.record([
        { workspaceId: 'ws-b', result: { status: 'healthy', checkedAt: at(1) } },
      ]);
      await store.record([
        {
          workspaceId: 'ws-b',
          result: {
            status: 'under_scoped',
            checkedAt: at(2),
            errorCode: 'SCOPES\u001b[2J',
            missingScopes: ['record_permission:read-write', 'user_management:read'],
          },
        },
      ]);
      await store.close();
      const human = await cli(['connections', 'show', 'ws-b']);
      expect(human.code).toBe(0);
      expect(human.out.split('timeline')[1]).toBe(
        [
          '    status changes, newest first',
          `  ${at(2).toISOString()}  healthy -> under_scoped  SCOPES\\u001b[2J  missing record_permission:read-write user_management:read`,
          `  ${at(1).toISOString()}  unknown -> healthy`,
          `  ${t0.toISOString()}  installed (unknown)`,
          '',
        ].join('\n'),
      );
      const doc = JSON.parse((await cli(['connections', 'show', 'ws-b', '--json'])).out);
      expect(doc.result.timeline).toEqual([
        {
          at: at(2).toISOString(),
          from: 'healthy',
          to: 'under_scoped',
          reasonCode: 'SCOPES\u001b[2J',
          missingScopes: ['record_permission:read-write', 'user_management:read'],
        },
        {
          at: at(1).toISOString(),
          from: 'unknown',
          to: 'healthy',
          reasonCode: null,
          missingScopes: [],
        },
        {
          at: t0.toISOString(),
          from: null,
          to: 'unknown',
          reasonCode: 'installed',
          missingScopes: [],
        },
      ]);
    },
  );

  maybe(
    `when keys rotate with a new key first in the ring, then every row opens with the new key alone ${title}`,
    async () => {
      const fresh = generateKeyRingEntry('k2');
      const r = await cli(['rotate-keys', '--batch-size', '2'], {
        TOKEN_ENCRYPTION_KEYS: `${fresh},${db.keys}`,
      });
      expect(r.code).toBe(0);
      expect(r.out).toBe(
        '✓ 3 tokens re-encrypted; key ids in use: k2.\nOlder entries of TOKEN_ENCRYPTION_KEYS can now be removed (restart the services after).\n',
      );
      expect(r.err).toBe('');
      const onlyNew = await db.open(fresh);
      for (const id of ['ws-a', 'ws-b', 'ws-c']) {
        expect(await onlyNew.getToken(id)).toBe(tokens.get(id));
      }
      const again = await cli(['rotate-keys', '--json'], { TOKEN_ENCRYPTION_KEYS: fresh });
      expect(JSON.parse(again.out).result).toEqual({ rotated: 0, keyIdsInUse: ['k2'] });
    },
  );

  maybe(
    `when rotate-keys runs without the old key in the ring, then exit 78 naming the key id ${title}`,
    async () => {
      const r = await cli(['rotate-keys'], { TOKEN_ENCRYPTION_KEYS: generateKeyRingEntry('k2') });
      expect(r.code).toBe(78);
      expect(r.err).toContain('k1');
    },
  );

  maybe(
    `when an install link is made, then the store holds a session for it and the link is printed ${title}`,
    async () => {
      const r = await cli(
        ['install-link', '--owner', 'team=growth', '--name', 'Growth', '--expires-in', '2h'],
        { PUBLIC_BASE_URL: 'https://auth.example.com' },
      );
      expect(r.code).toBe(0);
      const match = /^https:\/\/auth\.example\.com\/install\/s\/([A-Za-z0-9_-]{43})\n$/.exec(r.out);
      expect(match).not.toBeNull();
      expect(r.err).toMatch(/^single use, expires \d{4}-.+Z\.\n$/);
      const store = await db.open();
      const consumed = await store.consumeInstallSession(match?.[1] as string);
      expect(consumed).toMatchObject({
        outcome: 'ok',
        session: {
          kind: 'install',
          workspaceId: null,
          owner: { displayName: 'Growth', tags: { team: 'growth' } },
        },
      });
    },
  );

  maybe(
    `when a reconnect link names an unknown workspace or PUBLIC_BASE_URL is unset, then exit 1 and 78 ${title}`,
    async () => {
      const unknown = await cli(['install-link', '--owner', 'team=x', '--reconnect', 'ws-nope'], {
        PUBLIC_BASE_URL: 'https://auth.example.com',
      });
      expect(unknown.code).toBe(1);
      expect(unknown.err).toContain('no stored connection for workspace ws-nope');
      const reconnect = await cli(
        ['install-link', '--owner', 'team=x', '--reconnect', 'ws-a', '--json'],
        {
          PUBLIC_BASE_URL: 'https://auth.example.com',
        },
      );
      expect(JSON.parse(reconnect.out).result).toMatchObject({
        kind: 'reconnect',
        workspaceId: 'ws-a',
      });
      const noBase = await cli(['install-link', '--owner', 'team=x']);
      expect(noBase.code).toBe(78);
      expect(noBase.err).toContain('PUBLIC_BASE_URL is not set');
    },
  );

  maybe(
    `when a soft-deleted connection is restored and an old one purged, then restore brings it back and purge removes only expired ones ${title}`,
    async () => {
      const store = await db.open();
      await store.softDeleteConnection('ws-b', { revoke: { outcome: 'revoked' } });
      await store.softDeleteConnection('ws-c', {
        revoke: null,
        now: new Date(Date.now() - 40 * 86_400_000),
      });
      const deleted = await cli(['connections', 'list', '--deleted', '--json']);
      expect(JSON.parse(deleted.out).result.count).toBe(2);
      const restored = await cli(['connections', 'restore', 'ws-b']);
      expect(restored.code).toBe(0);
      expect(restored.out).toContain('✓ restored workspace ws-b. Its token was revoked at Attio');
      const again = await cli(['connections', 'restore', 'ws-b']);
      expect(again.code).toBe(1);
      expect(again.err).toBe(
        'attio-auth: error: the connection of workspace ws-b is not deleted.\n',
      );
      const purged = await cli(['purge', '--json']);
      expect(JSON.parse(purged.out).result).toMatchObject({ purged: 1, olderThanDays: 30 });
      expect(await store.getConnection('ws-c')).toBeUndefined();
      expect(await store.getConnection('ws-b')).toMatchObject({ deleted: null });
    },
  );
});

describe('attio-auth without a usable store', () => {
  it('when TOKEN_ENCRYPTION_KEYS is unset or the SQLite file is missing, then exit 78 saying what to set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ops-cli-none-'));
    const io = captureIo({ env: {}, cwd: dir });
    expect(await run(['connections', 'list'], io)).toBe(78);
    expect(io.err()).toBe(
      `attio-auth: error: DATABASE_URL is unset and the default SQLite store ${join(dir, '.data', 'connections.sqlite')} does not exist. Set DATABASE_URL to the store the OAuth callback service uses.\n`,
    );
    const bad = captureIo({ env: { REVOKE_RATE_PER_MINUTE: 'lots' }, cwd: dir });
    expect(await run(['purge'], bad)).toBe(78);
    expect(bad.err()).toMatch(
      /^attio-auth: error: invalid configuration: REVOKE_RATE_PER_MINUTE: /,
    );
  });
});
