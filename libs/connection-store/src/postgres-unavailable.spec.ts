import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_TEST_DATABASE_URL, postgresReachable } from '@attio-auth/connection-store/testing';
import { generateKeyRingEntry, parseKeyRing } from './crypto/key-ring.js';
import { describeTarget } from './drivers/postgres-driver.js';
import { openConnectionStore } from './open-connection-store.js';

const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? DEFAULT_TEST_DATABASE_URL;
const reachable = postgresReachable(TEST_DATABASE_URL);
jest.setTimeout(30_000); // a real PostgreSQL on a shared machine
const title = 'PostgreSQL store when the database goes away';

(reachable ? describe : describe.skip)(
  reachable ? title : `skipped: PostgreSQL not reachable at ${describeTarget(TEST_DATABASE_URL)}`,
  () => {
    it('when the database is dropped under an open store, then ping fails with STORE_UNAVAILABLE', async () => {
      const name = `cs_gone_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
        const url = new URL(TEST_DATABASE_URL);
        url.pathname = `/${name}`;
        const store = await openConnectionStore({
          databaseUrl: url.toString(),
          keyRing: parseKeyRing(generateKeyRingEntry('k1')),
        });
        try {
          await expect(store.ping()).resolves.toBeUndefined();
          await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
          await expect(store.ping()).rejects.toMatchObject({
            code: 'STORE_UNAVAILABLE',
            // 3D000 (database gone) on a new connection, or 57P01 if a pooled client saw the termination first.
            message: expect.stringMatching(
              /^The PostgreSQL database did not answer( \((3D000|57P01)\))?\. Check that it is running and reachable; the store reconnects by itself once it is\.$/,
            ) as string,
          });
        } finally {
          await store.close();
        }
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    });
  },
);
