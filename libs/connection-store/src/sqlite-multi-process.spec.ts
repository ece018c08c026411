import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { generateKeyRingEntry, parseKeyRing } from './crypto/key-ring.js';
import { openConnectionStore } from './open-connection-store.js';
import { MIGRATIONS } from './drivers/migrations.js';

const CHILD = resolve(__dirname, 'spec-support', 'open-store-child.ts');

/**
 * The children's environment without the colour switches: Nx turns FORCE_COLOR=0 into NO_COLOR=1 and
 * gives its tasks FORCE_COLOR=true, and Node 22+ warns on stderr when both are set, which this spec
 * (an empty stderr) would read as a failure of the child.
 */
const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env };
delete CHILD_ENV.FORCE_COLOR;
delete CHILD_ENV.NO_COLOR;

function runChild(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@attio-auth/source',
        // Node 26 deprecates module.register() (DEP0205), which swc-node's esm-register calls.
        '--disable-warning=DEP0205',
        '--import',
        '@swc-node/register/esm-register',
        CHILD,
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: CHILD_ENV },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('SQLite driver across processes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'multi-process-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when three processes open a new database at once, then each migrates safely and all writes land', async () => {
    const path = join(dir, 'shared.sqlite');
    const keys = generateKeyRingEntry('k1');
    const results = await Promise.all(
      ['ws-a', 'ws-b', 'ws-c'].map((ws) => runChild([path, keys, ws])),
    );
    for (const r of results)
      expect({ code: r.code, stderr: r.stderr }).toEqual({
        code: 0,
        stderr: '',
      });
    // Each child counts after its own write; the writes interleave, so each sees between 1 and 3 rows.
    for (const r of results) expect([1, 2, 3]).toContain(Number(r.stdout.trim()));
    const raw = new Database(path, { readonly: true });
    expect(
      raw.prepare('SELECT version FROM connection_store_migrations ORDER BY version').all(),
    ).toEqual(
      // Every version, once (a race would record one twice or skip one).
      MIGRATIONS.map((m) => ({ version: m.version })).sort((a, b) => a.version - b.version),
    );
    raw.close();
    const store = await openConnectionStore({
      databaseUrl: `sqlite:${path}`,
      keyRing: parseKeyRing(keys),
    });
    try {
      expect((await store.listConnections()).map((c) => c.workspaceId)).toEqual([
        'ws-a',
        'ws-b',
        'ws-c',
      ]);
      expect(await store.getToken('ws-b')).toBe('token-of-ws-b');
    } finally {
      await store.close();
    }
  }, 90_000); // three Node processes compiling TypeScript on a shared 2-core machine
});
