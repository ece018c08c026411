import { afterAll, describe, expect, it } from '@jest/globals';

import { loadDriver } from '../drivers/load-driver.js';
import { MIGRATIONS } from '../drivers/migrations.js';
import { describeTarget, openPostgresDriver } from '../drivers/postgres-driver.js';
import type { SqlDriver, SqlSession } from '../drivers/sql-driver.js';
import {
  DEFAULT_TEST_DATABASE_URL,
  fakeAttioToken,
  manualClock,
  postgresHarness,
  postgresReachable,
  ringWith,
} from '../testing/index.js';
import { saveConnection } from './connection-save.js';
import type { StoreContext } from './store-context.js';

const url = process.env['TEST_DATABASE_URL'] ?? DEFAULT_TEST_DATABASE_URL;
const reachable = postgresReachable(url);
const required = process.env['REQUIRE_PG'] === '1';

/** The PostgreSQL driver, counting what goes to the server; `afterStatement` runs after each one. */
function countingDriver(inner: SqlDriver) {
  const sent: string[] = [];
  let transactions = 0;
  const hooks: { afterStatement?: (sql: string, rows: unknown[]) => Promise<void> } = {};
  const counted = (session: SqlSession): SqlSession => ({
    all: async <T>(sql: string, params?: readonly unknown[]) => {
      sent.push(sql);
      const rows = await session.all<T>(sql, params);
      await hooks.afterStatement?.(sql, rows);
      return rows;
    },
    run: async (sql: string, params?: readonly unknown[]) => {
      sent.push(sql);
      return session.run(sql, params);
    },
  });
  const driver: SqlDriver = {
    ...counted(inner),
    kind: inner.kind,
    dialect: inner.dialect,
    transaction: (fn) => {
      transactions += 1;
      // BEGIN and COMMIT are round trips too.
      return inner.transaction((tx) => fn(counted(tx)));
    },
    migrate: (migrations, nowMs) => inner.migrate(migrations, nowMs),
    close: () => inner.close(),
  };
  return {
    driver,
    hooks,
    /** Round trips since the last call: statements, plus BEGIN and COMMIT of each transaction. */
    take(): { statements: number; transactions: number } {
      const taken = { statements: sent.length, transactions };
      sent.length = 0;
      transactions = 0;
      return taken;
    },
  };
}

const suite = reachable ? describe : required ? describe : describe.skip;

suite(`saveConnection on PostgreSQL (${describeTarget(url)})`, () => {
  if (!reachable) {
    it('when PostgreSQL is required, then it must be reachable', () => {
      throw new Error(`PostgreSQL not reachable at ${describeTarget(url)} and REQUIRE_PG=1`);
    });
    return;
  }
  const harness = postgresHarness(url);
  const drivers: SqlDriver[] = [];
  afterAll(async () => {
    for (const d of drivers) await d.close();
    await harness.cleanup();
  });

  async function setup() {
    const db = await harness.freshDatabase();
    const inner = openPostgresDriver(await loadDriver('pg'), {
      connectionString: db.databaseUrl,
      ...(db.schema === undefined ? {} : { schema: db.schema }),
    });
    drivers.push(inner);
    const clock = manualClock();
    await inner.migrate(MIGRATIONS, clock.now().getTime());
    const counting = countingDriver(inner);
    const ctx: StoreContext = {
      driver: counting.driver,
      keyRing: ringWith('k1').ring,
      now: clock.now,
    };
    return { db, ctx, counting, clock };
  }

  it('when a workspace is installed, then one statement writes it; a re-install takes two; neither opens a transaction', async () => {
    const { db, ctx, counting } = await setup();
    await saveConnection(ctx, {
      workspaceId: 'ws-1',
      scopes: ['user:read'],
      token: fakeAttioToken(),
    });
    expect(counting.take()).toEqual({ statements: 1, transactions: 0 });
    await saveConnection(ctx, {
      workspaceId: 'ws-1',
      scopes: ['user:read'],
      token: fakeAttioToken(),
    });
    expect(counting.take()).toEqual({ statements: 2, transactions: 0 });
    // Everything the transaction would have written: two events, the install's history line, the
    // replaced token queued.
    expect(
      (await db.rawQuery('SELECT type FROM events ORDER BY seq')).map((r) => r['type']),
    ).toEqual(['connection.created', 'connection.replaced']);
    expect(
      await db.rawQuery(
        'SELECT from_status, to_status, reason_code FROM health_history ORDER BY id',
      ),
    ).toEqual([{ from_status: null, to_status: 'unknown', reason_code: 'installed' }]);
    expect(await db.rawQuery('SELECT reason, state FROM revocations')).toEqual([
      { reason: 'replaced', state: 'pending' },
    ]);
  });

  it('when the row changes between the read and the guarded update, then the transaction saves it from the row as it is then', async () => {
    const { db, ctx, counting } = await setup();
    await saveConnection(ctx, { workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    counting.take();
    // The health checker records a verdict just after the save read the row (still "unknown").
    counting.hooks.afterStatement = async (sql, rows) => {
      counting.hooks.afterStatement = undefined;
      expect(sql).toContain('WITH ins AS');
      expect(rows).toHaveLength(1);
      await db.rawQuery(
        "UPDATE connections SET health_status = 'revoked' WHERE workspace_id = 'ws-1'",
      );
    };
    const saved = await saveConnection(ctx, {
      workspaceId: 'ws-1',
      scopes: [],
      token: fakeAttioToken(),
    });
    expect(saved.health.status).toBe('unknown');
    // Two statements that wrote nothing, then the locked transaction.
    expect(counting.take().transactions).toBe(1);
    const events = await db.rawQuery('SELECT type, data FROM events ORDER BY seq');
    expect(events.map((e) => e['type'])).toEqual(['connection.created', 'connection.replaced']);
    expect(JSON.parse(String(events[1]?.['data']))).toMatchObject({
      old_status: 'revoked',
      new_status: 'unknown',
    });
    expect(
      await db.rawQuery(
        'SELECT from_status, to_status, reason_code FROM health_history ORDER BY id',
      ),
    ).toEqual([
      { from_status: null, to_status: 'unknown', reason_code: 'installed' },
      { from_status: 'revoked', to_status: 'unknown', reason_code: 'reinstalled' },
    ]);
    expect(await db.rawQuery('SELECT reason FROM revocations')).toEqual([{ reason: 'replaced' }]);
  });

  it('when the save sets tags, then the transaction writes them', async () => {
    const { db, ctx, counting } = await setup();
    await saveConnection(ctx, {
      workspaceId: 'ws-1',
      scopes: [],
      token: fakeAttioToken(),
      owner: { tags: { team: 'growth' } },
    });
    expect(counting.take().transactions).toBe(1);
    expect(await db.rawQuery('SELECT key, value FROM connection_tags')).toEqual([
      { key: 'team', value: 'growth' },
    ]);
  });
});
