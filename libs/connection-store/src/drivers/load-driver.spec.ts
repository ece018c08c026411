import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyRingEntry, parseKeyRing } from '../crypto/key-ring.js';
import { openConnectionStoreWith } from '../open-connection-store.js';
import type { ImportPackage } from './load-driver.js';
import { loadDriver } from './load-driver.js';

const keyRing = parseKeyRing(generateKeyRingEntry('k1'));

describe('driver packages loaded when a store opens', () => {
  let dir: string;
  /** Resolves packages as a file in an empty directory would: neither driver is installed there. */
  let fromEmptyDir: ImportPackage;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'no-drivers-'));
    const requireThere = createRequire(join(dir, 'app.js'));
    fromEmptyDir = async (name) => requireThere(name) as unknown;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when better-sqlite3 cannot be resolved, then STORE_DRIVER_MISSING says to install better-sqlite3@12', async () => {
    const err = await openConnectionStoreWith(
      { databaseUrl: `sqlite:${join(dir, 'c.sqlite')}`, keyRing },
      fromEmptyDir,
    ).then(
      () => undefined,
      (e: unknown) => e as Error & { code: string; cause: { code: string } },
    );
    expect(err).toMatchObject({
      name: 'ConnectionStoreError',
      code: 'STORE_DRIVER_MISSING',
      message:
        'The SQLite (sqlite:/file: URLs, a path, or no URL) driver "better-sqlite3" is not installed. It is an ' +
        'optional peer dependency of @attio-auth/connection-store: run `npm install better-sqlite3@12` in ' +
        'your application.',
    });
    expect(err?.cause.code).toBe('MODULE_NOT_FOUND');
  });

  it('when pg cannot be resolved, then STORE_DRIVER_MISSING says to install pg, before any connection attempt', async () => {
    await expect(
      openConnectionStoreWith(
        { databaseUrl: 'postgres://app:secret@127.0.0.1:1/app', keyRing },
        fromEmptyDir,
      ),
    ).rejects.toMatchObject({
      code: 'STORE_DRIVER_MISSING',
      message:
        'The PostgreSQL (postgres:// URLs) driver "pg" is not installed. It is an optional peer dependency ' +
        'of @attio-auth/connection-store: run `npm install pg` in your application.',
    });
  });

  it('when a driver package is installed, then it loads with its CommonJS exports', async () => {
    const pg = await loadDriver('pg');
    expect(typeof pg.Pool).toBe('function');
    const Database = await loadDriver('better-sqlite3');
    const db = new Database(':memory:');
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    db.close();
  });

  it('when loading fails for another reason than a missing package, then that error passes through', async () => {
    const broken = new Error('native binding failed to load');
    await expect(loadDriver('better-sqlite3', () => Promise.reject(broken))).rejects.toBe(broken);
  });
});
