import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
} from '@attio-auth/connection-store';

import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { openStore } from './open-store.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

function capture(): { logger: ReturnType<typeof createLogger>; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'info' }, sink), lines };
}

const base = {
  PUBLIC_BASE_URL: 'http://127.0.0.1:9',
  ATTIO_CLIENT_ID: 'client',
  ATTIO_CLIENT_SECRET: 'secret',
};

describe('openStore', () => {
  let root: string;
  let previousUmask: number;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'oauth-callback-open-store-'));
    previousUmask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(previousUmask);
    rmSync(root, { recursive: true, force: true });
  });

  it('when dev mode creates DATA_DIR under umask 022, then it is 0700 and the key file, database, -wal and -shm are 0600', async () => {
    const dataDir = join(root, 'var', '.data');
    const config = loadConfig({ ...base, DEMO_MODE: '1', DATA_DIR: dataDir });
    const { logger, lines } = capture();
    const store = await openStore(config, logger);
    try {
      await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: 'tok-1' });
      const file = join(dataDir, 'connections.sqlite');
      expect({
        parent: modeOf(join(root, 'var')),
        dataDir: modeOf(dataDir),
        key: modeOf(join(dataDir, 'dev-encryption-key')),
        file: modeOf(file),
        wal: modeOf(`${file}-wal`),
        shm: modeOf(`${file}-shm`),
      }).toEqual({
        parent: 0o700,
        dataDir: 0o700,
        key: 0o600,
        file: 0o600,
        wal: 0o600,
        shm: 0o600,
      });
      expect(lines.filter((l) => String(l['msg']).startsWith('DATA_DIR'))).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('when DATA_DIR already exists with 0755, then it is left as it is with one warning naming the fix', async () => {
    const dataDir = join(root, 'shared');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const config = loadConfig({ ...base, DEMO_MODE: '1', DATA_DIR: dataDir });
    const { logger, lines } = capture();
    const store = await openStore(config, logger);
    await store.close();
    expect(modeOf(dataDir)).toBe(0o755);
    expect(modeOf(join(dataDir, 'connections.sqlite'))).toBe(0o600);
    expect(
      lines
        .filter((l) => String(l['msg']).startsWith('DATA_DIR'))
        .map((l) => [l['level'], l['msg']]),
    ).toEqual([
      [
        40,
        `DATA_DIR ${dataDir} is open to group or others (mode 755). The files in it are 0600, but run ` +
          `\`chmod 700 ${dataDir}\` so nobody else can list or replace them.`,
      ],
    ]);
  });

  it('when no key of TOKEN_ENCRYPTION_KEYS matches the stored tokens, then it refuses with STORE_KEY_RING_MISMATCH naming the ids', async () => {
    const file = join(root, 'c.sqlite');
    const written = await openConnectionStore({
      databaseUrl: `sqlite:${file}`,
      keyRing: parseKeyRing(generateKeyRingEntry('old-1')),
    });
    await written.saveConnection({ workspaceId: 'ws-1', scopes: [], token: 'tok-1' });
    await written.saveConnection({ workspaceId: 'ws-2', scopes: [], token: 'tok-2' });
    await written.close();
    const keys = generateKeyRingEntry('new-1');
    const config = loadConfig({
      ...base,
      TOKEN_ENCRYPTION_KEYS: keys,
      DATABASE_URL: `sqlite:${file}`,
    });
    const err = await openStore(config, capture().logger).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'STORE_KEY_RING_MISMATCH',
      message:
        'None of the stored tokens can be decrypted: they use key id "old-1", and TOKEN_ENCRYPTION_KEYS ' +
        'holds "new-1". Set TOKEN_ENCRYPTION_KEYS to the key ring the tokens were written with (the same ' +
        'value as the service that stores them), or add the old key after the active one and rotate.',
    });
    expect(String((err as Error).message)).not.toContain(keys.split(':')[1]);
  });
});
