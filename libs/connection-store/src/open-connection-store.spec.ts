import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateKeyRingEntry, parseKeyRing, type KeyRing } from './crypto/key-ring.js';
import { openConnectionStore } from './open-connection-store.js';

jest.setTimeout(30_000); // real SQLite files and PostgreSQL connection attempts on a shared machine

const keyRing = parseKeyRing(generateKeyRingEntry('k1'));

describe('openConnectionStore', () => {
  let dir: string;
  const cwd = process.cwd();
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'open-store-'));
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('when no database URL is given, then SQLite opens ./.data/connections.sqlite in WAL mode, creating the directory', async () => {
    process.chdir(dir);
    const store = await openConnectionStore({ keyRing });
    try {
      expect(store.driver).toBe('sqlite');
      await store.saveConnection({
        workspaceId: 'ws-1',
        scopes: [],
        token: 'tok',
      });
      expect(existsSync(join(dir, '.data', 'connections.sqlite'))).toBe(true);
      const raw = new Database(join(dir, '.data', 'connections.sqlite'), {
        readonly: true,
      });
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      raw.close();
    } finally {
      await store.close();
    }
  });

  it('when the key ring is missing, then STORE_CONFIG_INVALID says how to build one', async () => {
    await expect(
      openConnectionStore({ keyRing: undefined as unknown as KeyRing }),
    ).rejects.toMatchObject({
      code: 'STORE_CONFIG_INVALID',
      message:
        'openConnectionStore needs a keyRing: build one with parseKeyRing(TOKEN_ENCRYPTION_KEYS), or with ' +
        'loadOrCreateDevKeyRing() in demo/dev mode.',
    });
  });

  it('when PostgreSQL is unreachable, then STORE_MIGRATION_FAILED names host and port but never the password', async () => {
    const err = await openConnectionStore({
      databaseUrl: 'postgres://app:hunter2-secret@127.0.0.1:1/appdb',
      keyRing,
    }).catch((e: unknown) => e as Error & { code: string });
    expect(err).toMatchObject({
      code: 'STORE_MIGRATION_FAILED',
      message:
        'Could not open or migrate the PostgreSQL database at 127.0.0.1:1/appdb: connect ECONNREFUSED ' +
        '127.0.0.1:1. Check the database URL, that the server is reachable and that the user may create tables in the schema.',
    });
    expect(JSON.stringify(err)).not.toContain('hunter2');
  });

  it('when the PostgreSQL schema name is not a plain identifier, then STORE_CONFIG_INVALID', async () => {
    await expect(
      openConnectionStore({
        databaseUrl: 'postgres://127.0.0.1/test',
        schema: 'x; DROP TABLE y',
        keyRing,
      }),
    ).rejects.toMatchObject({ code: 'STORE_CONFIG_INVALID' });
  });

  it('when the database was migrated by a newer version, then STORE_MIGRATION_FAILED asks to upgrade', async () => {
    const path = join(dir, 'newer.sqlite');
    const first = await openConnectionStore({
      databaseUrl: `sqlite:${path}`,
      keyRing,
    });
    await first.close();
    const raw = new Database(path);
    raw
      .prepare(
        "INSERT INTO connection_store_migrations (version, name, applied_at_ms) VALUES (99, 'future', 0)",
      )
      .run();
    raw.close();
    await expect(
      openConnectionStore({ databaseUrl: `sqlite:${path}`, keyRing }),
    ).rejects.toMatchObject({
      code: 'STORE_MIGRATION_FAILED',
      message:
        'The database has schema version(s) 99 that this version of connection-store does not know. Upgrade ' +
        'the application instead of running an older one against it.',
    });
  });

  it('when the SQLite directory cannot be created, then STORE_MIGRATION_FAILED names the path', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const path = join(blocker, 'sub', 'x.sqlite');
    await expect(
      openConnectionStore({ databaseUrl: `sqlite:${path}`, keyRing }),
    ).rejects.toMatchObject({
      code: 'STORE_MIGRATION_FAILED',
      message: expect.stringMatching(
        new RegExp(
          `^Could not open the SQLite database at ${path}: .*ENOTDIR.*\\. Check the path and its permissions\\.$`,
        ),
      ) as string,
    });
  });
});
