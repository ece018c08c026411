import { createHash } from 'node:crypto';
import {
  DEFAULT_TEST_DATABASE_URL,
  fakeAttioToken,
  manualClock,
  postgresHarness,
  postgresReachable,
  ringWith,
  sqliteHarness,
  type ContractHarness,
  type TestDatabase,
} from '@attio-auth/connection-store/testing';
import { parseDatabaseUrl } from '../database-url.js';
import { openConnectionStore } from '../open-connection-store.js';
import { encryptToken } from '../crypto/token-cipher.js';
import type { KeyRing } from '../crypto/key-ring.js';
import { loadDriver } from './load-driver.js';
import { MIGRATIONS } from './migrations.js';
import { openPostgresDriver } from './postgres-driver.js';
import type { SqlDriver } from './sql-driver.js';
import { openSqliteDriver } from './sqlite-driver.js';

jest.setTimeout(30_000); // real databases on a shared machine

const MINUTE = 60_000;
/** Every version an upgraded database must have recorded, in order. */
const ALL_VERSIONS = MIGRATIONS.map((m) => m.version).sort((a, b) => a - b);

async function openDriver(db: TestDatabase): Promise<SqlDriver> {
  const target = parseDatabaseUrl(db.databaseUrl);
  return target.driver === 'postgres'
    ? openPostgresDriver(await loadDriver('pg'), {
        connectionString: target.connectionString,
        schema: db.schema,
      })
    : openSqliteDriver(await loadDriver('better-sqlite3'), target.path);
}

/**
 * A connection row as a release before migration 4 wrote it: only the version 1 columns (the
 * current store cannot write it, its statements name newer columns).
 */
async function insertOldConnection(
  driver: SqlDriver,
  ring: KeyRing,
  row: { workspaceId: string; workspaceName: string; token: string; nowMs: number },
): Promise<void> {
  const sealed = encryptToken(ring, row.workspaceId, row.token);
  await driver.run(
    `INSERT INTO connections (workspace_id, workspace_name, workspace_slug, token_level, scopes, installed_by,
       installed_at_ms, updated_at_ms, token_kid, token_iv, token_ciphertext)
     VALUES ($1, $2, NULL, 'workspace', $3, 'member-1', $4, $4, $5, $6, $7)`,
    [
      row.workspaceId,
      row.workspaceName,
      JSON.stringify(['record_permission:read']),
      row.nowMs,
      sealed.kid,
      sealed.iv,
      sealed.ciphertext,
    ],
  );
}

function describeUpgrade(harness: ContractHarness): void {
  afterAll(() => harness.cleanup());

  it('when a database written at schema version 2 is opened, then the later versions are applied and its connections and states still work', async () => {
    const db = await harness.freshDatabase();
    const clock = manualClock();
    const keys = ringWith('k1');
    const token = fakeAttioToken();
    // The previous release: migrations 1 and 2 only, a connection saved, a state created at /install.
    const old = await openDriver(db);
    try {
      await old.migrate(
        MIGRATIONS.filter((m) => m.version <= 2),
        clock.now().getTime(),
      );
      await insertOldConnection(old, keys.ring, {
        workspaceId: 'ws-old',
        workspaceName: 'Old Co',
        token,
        nowMs: clock.now().getTime(),
      });
      await old.run(
        'INSERT INTO install_states (state_hash, binding_hash, expires_at_ms, created_at_ms) VALUES ($1, $2, $3, $4)',
        [
          createHash('sha256').update('pending-state', 'utf8').digest('hex'),
          'bind-old',
          clock.now().getTime() + 10 * MINUTE,
          clock.now().getTime(),
        ],
      );
    } finally {
      await old.close();
    }

    const store = await openConnectionStore({
      databaseUrl: db.databaseUrl,
      schema: db.schema,
      keyRing: keys.ring,
      now: clock.now,
    });
    try {
      const versions = await db.rawQuery(
        'SELECT version FROM connection_store_migrations ORDER BY version',
      );
      expect(versions.map((v) => Number(v.version))).toEqual(ALL_VERSIONS);
      expect(await store.getToken('ws-old')).toBe(token);
      expect((await store.getConnection('ws-old'))?.workspaceName).toBe('Old Co');
      // A state created before the upgrade is consumed once, then reads "used".
      expect(await store.consumeState('pending-state')).toEqual({
        outcome: 'ok',
        bindingHash: 'bind-old',
        expiresAt: new Date(clock.now().getTime() + 10 * MINUTE),
      });
      expect(await store.consumeState('pending-state')).toEqual({ outcome: 'used' });
      await store.createState({
        state: 'new-state',
        bindingHash: 'bind-new',
        expiresAt: new Date(clock.now().getTime() + MINUTE),
      });
      clock.advance(10 * MINUTE);
      expect(await store.purgeExpiredStates()).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('when a database written at schema version 3 is opened, then versions 4 and up are applied and every old row reads back with an empty owner, live, with its token', async () => {
    const db = await harness.freshDatabase();
    const clock = manualClock();
    const keys = ringWith('k1');
    const tokens = new Map([
      ['ws-a', fakeAttioToken()],
      ['ws-b', fakeAttioToken()],
      ['ws-c', fakeAttioToken()],
    ]);
    const old = await openDriver(db);
    try {
      await old.migrate(
        MIGRATIONS.filter((m) => m.version <= 3),
        clock.now().getTime(),
      );
      for (const [workspaceId, token] of tokens)
        await insertOldConnection(old, keys.ring, {
          workspaceId,
          workspaceName: `Name of ${workspaceId}`,
          token,
          nowMs: clock.now().getTime(),
        });
      // A health verdict and a lease written by the previous release's checker.
      await old.run(
        `UPDATE connections SET health_status = 'revoked', health_status_since_ms = $1,
           last_checked_at_ms = $1, lease_owner = 'old-checker', lease_expires_at_ms = $1
         WHERE workspace_id = 'ws-b'`,
        [clock.now().getTime()],
      );
    } finally {
      await old.close();
    }

    clock.advance(MINUTE);
    const store = await openConnectionStore({
      databaseUrl: db.databaseUrl,
      schema: db.schema,
      keyRing: keys.ring,
      now: clock.now,
    });
    try {
      const versions = await db.rawQuery(
        'SELECT version FROM connection_store_migrations ORDER BY version',
      );
      expect(versions.map((v) => Number(v.version))).toEqual(ALL_VERSIONS);
      const listed = await store.listConnections();
      expect(listed.map((c) => c.workspaceId)).toEqual(['ws-a', 'ws-b', 'ws-c']);
      for (const c of listed) {
        expect(c.owner).toEqual({ displayName: null, tags: {} });
        expect(c.deleted).toBeNull();
        expect(c.installedBy).toBe('member-1');
        expect(await store.getToken(c.workspaceId)).toBe(tokens.get(c.workspaceId));
      }
      expect(listed[1]?.health.status).toBe('revoked');
      expect(await store.countConnections()).toBe(3);
      expect(await store.listConnections({ status: 'revoked' })).toEqual([listed[1]]);
      expect(await store.listRevocations()).toEqual([]);
      // Old rows take part in the new behaviour: the health lease, tags, replacement and soft delete.
      const leased = await store.lease({
        owner: 'new-checker',
        limit: 10,
        leaseMs: MINUTE,
        dueBefore: clock.now(),
      });
      expect(leased.map((l) => l.connection.workspaceId).sort()).toEqual(['ws-a', 'ws-b', 'ws-c']);
      expect(leased.find((l) => l.connection.workspaceId === 'ws-a')?.openToken()).toBe(
        tokens.get('ws-a'),
      );
      await store.saveConnection({
        workspaceId: 'ws-a',
        scopes: [],
        token: fakeAttioToken(),
        owner: { tags: { team: 'growth' } },
      });
      expect(
        (await store.listConnections({ tags: { team: 'growth' } })).map((c) => c.workspaceId),
      ).toEqual(['ws-a']);
      const [replaced] = await store.leaseRevocations({ owner: 'r', limit: 1, leaseMs: MINUTE });
      expect(replaced?.openToken()).toBe(tokens.get('ws-a'));
      expect(await store.softDeleteConnection('ws-c', { revoke: null })).toBeDefined();
      expect(await store.countConnections()).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('when a database written at schema version 4 is opened, then version 5 adds the outbox, a known revoked row counts as alerted (no event again) and its recovery writes health.recovered', async () => {
    const db = await harness.freshDatabase();
    const clock = manualClock();
    const keys = ringWith('k1');
    const old = await openDriver(db);
    try {
      await old.migrate(
        MIGRATIONS.filter((m) => m.version <= 4),
        clock.now().getTime(),
      );
      await insertOldConnection(old, keys.ring, {
        workspaceId: 'ws-a',
        workspaceName: 'A',
        token: fakeAttioToken(),
        nowMs: clock.now().getTime(),
      });
      // The previous release's checker found it revoked (and alerted in its own way).
      await old.run(
        "UPDATE connections SET health_status = 'revoked', last_checked_at_ms = $1 WHERE workspace_id = 'ws-a'",
        [clock.now().getTime()],
      );
    } finally {
      await old.close();
    }
    const store = await openConnectionStore({
      databaseUrl: db.databaseUrl,
      schema: db.schema,
      keyRing: keys.ring,
      now: clock.now,
    });
    try {
      const [row] = await db.rawQuery(
        "SELECT alerted_status FROM connections WHERE workspace_id = 'ws-a'",
      );
      expect(row?.alerted_status).toBe('revoked');
      expect(await store.listEvents()).toEqual([]);
      const verdict = (status: 'revoked' | 'healthy') =>
        store.record([{ workspaceId: 'ws-a', result: { status, checkedAt: clock.now() } }]);
      expect((await verdict('revoked'))[0]?.event).toBeUndefined();
      expect((await verdict('healthy'))[0]?.event).toBe('health.recovered');
      expect((await store.listEvents()).map((e) => [e.type, e.data.old_status])).toEqual([
        ['health.recovered', 'revoked'],
      ]);
    } finally {
      await store.close();
    }
  });

  /**
   * A database migrated to every version but `missing` (as one that reached 9 before `missing`
   * existed), with `seed` run on it, then opened by the store: every version must now be recorded.
   */
  async function openWithout(
    missing: number,
    seed: (
      old: SqlDriver,
      keys: ReturnType<typeof ringWith>,
      nowMs: number,
    ) => Promise<void> = async () => undefined,
  ) {
    const db = await harness.freshDatabase();
    const clock = manualClock();
    const keys = ringWith('k1');
    const old = await openDriver(db);
    try {
      await old.migrate(
        MIGRATIONS.filter((m) => m.version !== missing),
        clock.now().getTime(),
      );
      await seed(old, keys, clock.now().getTime());
    } finally {
      await old.close();
    }
    const store = await openConnectionStore({
      databaseUrl: db.databaseUrl,
      schema: db.schema,
      keyRing: keys.ring,
      now: clock.now,
    });
    const versions = await db.rawQuery(
      'SELECT version FROM connection_store_migrations ORDER BY version',
    );
    return { store, clock, versions: versions.map((v) => Number(v.version)) };
  }

  it('when a database written at schema version 9 is opened, then 10 makes every checked row due from its last check on, and new verdicts are due after their interval', async () => {
    const db = await harness.freshDatabase();
    const clock = manualClock();
    const keys = ringWith('k1');
    const nowMs = clock.now().getTime();
    const old = await openDriver(db);
    try {
      await old.migrate(
        MIGRATIONS.filter((m) => m.version <= 9),
        nowMs,
      );
      for (const workspaceId of ['ws-recent', 'ws-stale', 'ws-never'])
        await insertOldConnection(old, keys.ring, {
          workspaceId,
          workspaceName: workspaceId,
          token: fakeAttioToken(),
          nowMs,
        });
      // The previous release's checker: one checked 30 s ago, one 2 hours ago.
      await old.run(
        `UPDATE connections SET health_status = 'healthy', health_status_since_ms = $1, last_checked_at_ms = $1
         WHERE workspace_id = 'ws-recent'`,
        [nowMs - 30_000],
      );
      await old.run(
        `UPDATE connections SET health_status = 'healthy', health_status_since_ms = $1, last_checked_at_ms = $1
         WHERE workspace_id = 'ws-stale'`,
        [nowMs - 120 * MINUTE],
      );
    } finally {
      await old.close();
    }
    const store = await openConnectionStore({
      databaseUrl: db.databaseUrl,
      schema: db.schema,
      keyRing: keys.ring,
      now: clock.now,
    });
    try {
      const versions = await db.rawQuery(
        'SELECT version FROM connection_store_migrations ORDER BY version',
      );
      expect(versions.map((v) => Number(v.version))).toEqual(ALL_VERSIONS);
      // Due order after the upgrade: never checked, then by last check.
      const lease = { owner: 'new-checker', limit: 10, leaseMs: MINUTE };
      const leased = await store.lease({ ...lease, dueBefore: clock.now() });
      expect(leased.map((l) => l.connection.workspaceId)).toEqual([
        'ws-never',
        'ws-stale',
        'ws-recent',
      ]);
      await store.record(
        leased.map((l) => ({
          workspaceId: l.connection.workspaceId,
          result: { status: 'healthy', checkedAt: clock.now() },
          expectTokenVersion: l.tokenVersion,
        })),
        { checkInterval: { minMs: MINUTE, maxMs: 4 * 60 * MINUTE, failingMs: 0 } },
      );
      // ws-stale has been healthy for 2 hours: due in 2 hours; the others in the minimum minute.
      clock.advance(MINUTE + 1);
      expect(
        (await store.lease({ ...lease, dueBefore: clock.now() })).map(
          (l) => l.connection.workspaceId,
        ),
      ).toEqual(['ws-never', 'ws-recent']);
      expect(await store.lease({ ...lease, dueBefore: new Date(nowMs + 120 * MINUTE) })).toEqual(
        [],
      );
      expect(
        (await store.lease({ ...lease, dueBefore: new Date(nowMs + 120 * MINUTE + 1) })).map(
          (l) => l.connection.workspaceId,
        ),
      ).toEqual(['ws-stale']);
    } finally {
      await store.close();
    }
  });

  it('when a database already at version 9 but without version 6 is opened, then version 6 is applied after it and the next status change is recorded', async () => {
    const { store, clock, versions } = await openWithout(6, (old, keys, nowMs) =>
      insertOldConnection(old, keys.ring, {
        workspaceId: 'ws-a',
        workspaceName: 'A',
        token: fakeAttioToken(),
        nowMs,
      }),
    );
    try {
      expect(versions).toEqual(ALL_VERSIONS);
      expect(await store.healthHistory('ws-a')).toEqual([]);
      await store.record([
        { workspaceId: 'ws-a', result: { status: 'revoked', checkedAt: clock.now() } },
      ]);
      expect((await store.healthHistory('ws-a')).map((h) => [h.from, h.to, h.at])).toEqual([
        ['unknown', 'revoked', clock.now()],
      ]);
    } finally {
      await store.close();
    }
  });

  it('when a database already at version 9 without 7 is opened, then 7 is applied after it and a flagged connection is leased', async () => {
    const { store, clock, versions } = await openWithout(7);
    const token = fakeAttioToken();
    try {
      expect(versions).toEqual(ALL_VERSIONS);
      await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token });
      await store.recordObservations([
        { workspaceId: 'ws-1', kind: 'unauthorized', at: clock.now() },
      ]);
      const leased = await store.leaseFlagged({ owner: 'c1', limit: 5, leaseMs: MINUTE });
      expect(leased.map((l) => l.openToken())).toEqual([token]);
    } finally {
      await store.close();
    }
  });

  it('when a database already at version 9 without 8 is opened, then 8 is applied after it and a round is recorded and read back', async () => {
    const { store, clock, versions } = await openWithout(8);
    try {
      expect(versions).toEqual(ALL_VERSIONS);
      expect(await store.lastRounds()).toEqual([]);
      const startedAt = clock.now();
      const finishedAt = new Date(startedAt.getTime() + MINUTE);
      await store.recordRound({
        owner: 'checker-1',
        kind: 'round',
        startedAt,
        finishedAt,
        checked: 1,
        counts: { healthy: 1 },
        seenHealthy: 0,
        interrupted: false,
        exitCode: 0,
      });
      expect((await store.lastRounds(1)).map((r) => [r.owner, r.finishedAt, r.checked])).toEqual([
        ['checker-1', finishedAt, 1],
      ]);
    } finally {
      await store.close();
    }
  });
}

describe('migration upgrade: SQLite driver', () => {
  describeUpgrade(sqliteHarness());
});

const url = process.env['TEST_DATABASE_URL'] ?? DEFAULT_TEST_DATABASE_URL;
if (postgresReachable(url)) {
  describe('migration upgrade: PostgreSQL driver', () => {
    describeUpgrade(postgresHarness(url));
  });
} else {
  describe.skip('migration upgrade: PostgreSQL not reachable', () => {
    it('runs against PostgreSQL', () => undefined);
  });
}
