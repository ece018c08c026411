import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  DEFAULT_TEST_DATABASE_URL,
  fakeAttioToken,
  holdTableLock,
  postgresReachable,
  startPasswordRefusingServer,
  startSilentServer,
} from '@attio-auth/connection-store/testing';
import { generateKeyRingEntry, parseKeyRing } from './crypto/key-ring.js';
import { describeTarget } from './drivers/postgres-driver.js';
import { openConnectionStore, type OpenConnectionStoreOptions } from './open-connection-store.js';
import type { ConnectionStore } from './store/types.js';

const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? DEFAULT_TEST_DATABASE_URL;
const reachable = postgresReachable(TEST_DATABASE_URL);
jest.setTimeout(30_000); // a real PostgreSQL on a shared machine

const keyRing = parseKeyRing(generateKeyRingEntry('k1'));

/** Time a promise takes to settle, and its rejection. */
async function timedRejection(promise: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  try {
    await promise;
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
  throw new Error(`expected a rejection, got a value after ${Date.now() - started} ms`);
}

describe('PostgreSQL store start-up against a broken server', () => {
  it('when the server accepts TCP and never answers, then opening fails within the connect timeout naming host:port', async () => {
    const silent = await startSilentServer();
    try {
      const { ms, error } = await timedRejection(
        openConnectionStore({ databaseUrl: silent.url, keyRing, connectTimeoutMs: 300 }),
      );
      expect(silent.accepted()).toBeGreaterThanOrEqual(1);
      expect(error).toMatchObject({
        code: 'STORE_MIGRATION_FAILED',
        message:
          `Could not open the PostgreSQL database at 127.0.0.1:${silent.port}/appdb: connected but got no ` +
          'answer within 300 ms. Check that the database URL points at PostgreSQL (not another service) ' +
          'and that the server is not overloaded or stuck.',
      });
      expect(String((error as Error).message)).not.toContain('silent-password');
      expect(ms).toBeLessThan(5_000); // without a connect timeout it waits forever
    } finally {
      await silent.close();
    }
  });

  it('when the server refuses the password, then the error keeps its reason and never the password', async () => {
    const refusing = await startPasswordRefusingServer('pw-never-shown');
    try {
      const { error } = await timedRejection(
        openConnectionStore({ databaseUrl: refusing.url, keyRing }),
      );
      expect(error).toMatchObject({
        code: 'STORE_MIGRATION_FAILED',
        message:
          `Could not open or migrate the PostgreSQL database at 127.0.0.1:${refusing.port}/appdb: ` +
          'password authentication failed for user "app" (28P01). Check the database URL, that the server ' +
          'is reachable and that the user may create tables in the schema.',
      });
      expect(JSON.stringify(error)).not.toContain('pw-never-shown');
      expect(String((error as Error).message)).not.toContain('pw-never-shown');
    } finally {
      await refusing.close();
    }
  });
});

(reachable ? describe : describe.skip)(
  reachable
    ? 'PostgreSQL store timeouts'
    : `skipped: PostgreSQL not reachable at ${describeTarget(TEST_DATABASE_URL)}`,
  () => {
    const schemas: string[] = [];
    const stores: ConnectionStore[] = [];
    const open = async (options: Partial<OpenConnectionStoreOptions> = {}) => {
      const schema = `cs_timeouts_${randomBytes(4).toString('hex')}`;
      schemas.push(schema);
      const store = await openConnectionStore({
        databaseUrl: TEST_DATABASE_URL,
        keyRing,
        schema,
        ...options,
      });
      stores.push(store);
      return { store, schema };
    };
    const save = (store: ConnectionStore) =>
      store.saveConnection({
        workspaceId: `ws-${randomBytes(3).toString('hex')}`,
        scopes: ['record_permission:read'],
        token: fakeAttioToken(),
      });

    afterAll(async () => {
      for (const store of stores) await store.close().catch(() => undefined);
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    });

    it('when the database does not exist, then the error keeps the server reason', async () => {
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = '/cs_no_such_database';
      const { error } = await timedRejection(
        openConnectionStore({ databaseUrl: url.toString(), keyRing }),
      );
      expect(error).toMatchObject({
        code: 'STORE_MIGRATION_FAILED',
        message: expect.stringContaining(
          `/cs_no_such_database: database "cs_no_such_database" does not exist (3D000). Check the database URL`,
        ) as string,
      });
    });

    it('when another client holds the connections table locked, then a write fails with 55P03 within the lock timeout', async () => {
      const { store, schema } = await open({ lockTimeoutMs: 300 });
      const lock = await holdTableLock({
        databaseUrl: TEST_DATABASE_URL,
        schema,
        table: 'connections',
      });
      try {
        const { ms, error } = await timedRejection(save(store));
        expect(error).toMatchObject({ code: '55P03' });
        expect(ms).toBeLessThan(5_000); // the lock is held until released: without a timeout, forever
      } finally {
        await lock.release();
      }
      await expect(save(store)).resolves.toMatchObject({ scopes: ['record_permission:read'] });
    });

    it('when a statement runs past the statement timeout, then it is cancelled with 57014', async () => {
      // Migrated first with the default timeouts: on a loaded machine one of the many DDL statements
      // of a fresh schema can itself pass 300 ms.
      const { schema } = await open();
      const store = await openConnectionStore({
        databaseUrl: TEST_DATABASE_URL,
        keyRing,
        schema,
        lockTimeoutMs: 0,
        statementTimeoutMs: 300,
      });
      stores.push(store);
      const lock = await holdTableLock({
        databaseUrl: TEST_DATABASE_URL,
        schema,
        table: 'connections',
      });
      try {
        const { ms, error } = await timedRejection(save(store));
        expect(error).toMatchObject({ code: '57014' });
        expect(ms).toBeLessThan(5_000);
      } finally {
        await lock.release();
      }
    });

    it('when the table is locked, then ping fails within its own timeout with STORE_UNAVAILABLE', async () => {
      const { store, schema } = await open({ lockTimeoutMs: 10_000 });
      const lock = await holdTableLock({
        databaseUrl: TEST_DATABASE_URL,
        schema,
        table: 'connections',
      });
      try {
        const { ms, error } = await timedRejection(store.ping({ timeoutMs: 200 }));
        expect(error).toMatchObject({
          code: 'STORE_UNAVAILABLE',
          message:
            'The PostgreSQL database did not answer within 200 ms. Check that it is running and reachable ' +
            'and that no long transaction holds a lock on its tables.',
        });
        expect(ms).toBeLessThan(5_000);
      } finally {
        await lock.release();
      }
      await expect(store.ping({ timeoutMs: 2_000 })).resolves.toBeUndefined();
    });

    it('when every pooled client is busy, then ping fails within its own timeout', async () => {
      const { store, schema } = await open({ poolSize: 1, lockTimeoutMs: 10_000 });
      const lock = await holdTableLock({
        databaseUrl: TEST_DATABASE_URL,
        schema,
        table: 'install_states',
      });
      // The only client waits on the locked install_states table; ping (on connections) waits for it.
      const holding = store
        .createState({ state: 's'.repeat(43), bindingHash: 'h', expiresAt: new Date() })
        .catch(() => undefined);
      try {
        const { ms, error } = await timedRejection(store.ping({ timeoutMs: 200 }));
        expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
        expect(ms).toBeLessThan(5_000);
      } finally {
        await lock.release();
        await holding;
      }
    });
  },
);
