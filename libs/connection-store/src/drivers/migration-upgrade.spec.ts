import { createHash } from 'node:crypto';
import type { ContractHarness, TestDatabase } from '../contract/contract-harness.js';
import { fakeAttioToken, manualClock, ringWith } from '../contract/contract-harness.js';
import { postgresHarness, postgresReachable } from '../contract/postgres-harness.js';
import { sqliteHarness } from '../contract/sqlite-harness.js';
import { parseDatabaseUrl } from '../database-url.js';
import { openConnectionStore } from '../open-connection-store.js';
import { SqlConnectionStore } from '../store/sql-connection-store.js';
import { loadDriver } from './load-driver.js';
import { MIGRATIONS } from './migrations.js';
import { openPostgresDriver } from './postgres-driver.js';
import type { SqlDriver } from './sql-driver.js';
import { openSqliteDriver } from './sqlite-driver.js';

jest.setTimeout(30_000); // real databases on a shared machine

const MINUTE = 60_000;

async function openDriver(db: TestDatabase): Promise<SqlDriver> {
  const target = parseDatabaseUrl(db.databaseUrl);
  return target.driver === 'postgres'
    ? openPostgresDriver(await loadDriver('pg'), {
        connectionString: target.connectionString,
        schema: db.schema,
      })
    : openSqliteDriver(await loadDriver('better-sqlite3'), target.path);
}

function describeUpgrade(harness: ContractHarness): void {
  afterAll(() => harness.cleanup());

  it('when a database written at schema version 2 is opened, then version 3 is applied and its connections and states still work', async () => {
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
      await new SqlConnectionStore({
        driver: old,
        keyRing: keys.ring,
        now: clock.now,
      }).saveConnection({
        workspaceId: 'ws-old',
        workspaceName: 'Old Co',
        scopes: ['record_permission:read'],
        token,
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
      expect(versions.map((v) => Number(v.version))).toEqual([1, 2, 3]);
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
}

describe('migration upgrade: SQLite driver', () => {
  describeUpgrade(sqliteHarness());
});

if (postgresReachable()) {
  describe('migration upgrade: PostgreSQL driver', () => {
    describeUpgrade(postgresHarness());
  });
} else {
  describe.skip('migration upgrade: PostgreSQL not reachable', () => {
    it('runs against PostgreSQL', () => undefined);
  });
}
