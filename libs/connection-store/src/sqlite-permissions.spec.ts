import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyRingEntry, parseKeyRing } from './crypto/key-ring.js';
import { ensurePrivateDirectory } from './files/private-files.js';
import { openConnectionStore } from './open-connection-store.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('SQLite file permissions', () => {
  let root: string;
  let previousUmask: number;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sqlite-perms-'));
    previousUmask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(previousUmask);
    rmSync(root, { recursive: true, force: true });
  });

  const openAt = (file: string) =>
    openConnectionStore({
      databaseUrl: `sqlite:${file}`,
      keyRing: parseKeyRing(generateKeyRingEntry('k1')),
    });

  it('when the store creates its directory and database under umask 022, then the directory is 0700 and the database, -wal and -shm 0600', async () => {
    const dir = join(root, 'data', 'store');
    const file = join(dir, 'connections.sqlite');
    const store = await openAt(file);
    try {
      await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: 'tok-1' });
      expect(existsSync(`${file}-wal`) && existsSync(`${file}-shm`)).toBe(true);
      expect({
        data: modeOf(join(root, 'data')),
        store: modeOf(dir),
        file: modeOf(file),
        wal: modeOf(`${file}-wal`),
        shm: modeOf(`${file}-shm`),
      }).toEqual({ data: 0o700, store: 0o700, file: 0o600, wal: 0o600, shm: 0o600 });
    } finally {
      await store.close();
    }
  });

  it('when an existing database is readable by others, then opening it makes it 0600', async () => {
    const file = join(root, 'connections.sqlite');
    await (await openAt(file)).close();
    chmodSync(file, 0o644);
    const store = await openAt(file);
    try {
      await store.countConnections();
      expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual([
        0o600, 0o600, 0o600,
      ]);
    } finally {
      await store.close();
    }
  });

  it('when the directory already exists with 0755, then it is left as it is and reported too open', () => {
    const dir = join(root, 'shared');
    mkdirSync(dir, { mode: 0o755 });
    expect(ensurePrivateDirectory(dir)).toEqual({
      path: dir,
      created: false,
      mode: 0o755,
      tooOpen: true,
    });
    expect(modeOf(dir)).toBe(0o755);
    expect(ensurePrivateDirectory(join(dir, 'inner'))).toMatchObject({
      created: true,
      mode: 0o700,
      tooOpen: false,
    });
  });
});
