import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
} from '@attio-auth/connection-store';
import { holdTableLock } from '@attio-auth/connection-store/testing';
import pg from 'pg';

import {
  describeDatabase,
  freshDatabase,
  postgresReachable,
  TEST_DATABASE_URL,
} from '../testing/test-databases.js';

const ROOT = resolve(__dirname, '../../../..');
const MAIN = join(ROOT, 'apps/oauth-callback/src/main.ts');
// swc-node's own `esm-register` resolves its hooks from the working directory; registering them
// from the repository root instead lets main.ts run in any directory (the one whose ./.env it reads).
const SWC_REGISTER = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register('@swc-node/register/esm', ${JSON.stringify(
    pathToFileURL(`${ROOT}/`).href,
  )});`,
)}`;

// Each test starts main.ts in a fresh node process that compiles the service with swc before it serves:
// 10-30 s on the shared 2-core machine.
jest.setTimeout(60_000);

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exit: Promise<number | null>;
  /** Checks run after each chunk of stdout lines. */
  onLine: Set<() => void>;
  /** Settles once the process has exited and its output streams are closed. */
  closed: Promise<void>;
}

/** Runs main.ts as `npm run tool` would: a real process with only the given environment. */
function runMain(env: Record<string, string>, cwd = ROOT): Run {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@attio-auth/source',
      // Node 26 deprecates module.register() (DEP0205), which these hooks use; its warning is not main.ts's.
      '--disable-warning=DEP0205',
      '--import',
      SWC_REGISTER,
      MAIN,
    ],
    {
      cwd,
      env: {
        PATH: process.env['PATH'] ?? '',
        SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stdout: string[] = [];
  const stderr: string[] = [];
  const onLine = new Set<() => void>();
  let partial = '';
  child.stdout?.on('data', (c: Buffer) => {
    const lines = (partial + c.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    stdout.push(...lines.filter(Boolean));
    for (const check of onLine) check();
  });
  child.stdout?.on('end', () => {
    if (partial) stdout.push(partial);
  });
  child.stderr?.on('data', (c: Buffer) => stderr.push(c.toString('utf8')));
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  return { child, stdout, stderr, exit, onLine, closed };
}

/** Resolves with the first JSON log line whose `msg` is `msg`, checked as each line arrives. */
function waitForLine(run: Run, msg: string): Promise<Record<string, unknown>> {
  return new Promise((found, fail) => {
    const check = () => {
      const line = run.stdout
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l['msg'] === msg);
      if (line) {
        run.onLine.delete(check);
        found(line);
      }
    };
    run.onLine.add(check);
    check();
    // 'close' follows the last output, so a line still missing then will not come.
    void run.closed.then(() => {
      if (run.onLine.delete(check))
        fail(
          new Error(
            `no "${msg}" log line; stdout: ${run.stdout.join('\n')} stderr: ${run.stderr.join('')}`,
          ),
        );
    });
  });
}

describe('main.ts as a process', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oauth-callback-main-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when the configuration is invalid, then it exits 2 naming every offending variable', async () => {
    const run = runMain({ PUBLIC_BASE_URL: 'nope', NODE_ENV: 'production' });
    expect(await run.exit).toBe(2);
    expect(run.stderr.join('')).toBe(
      'Invalid configuration for oauth-callback (see .env.example):\n' +
        '  - PUBLIC_BASE_URL: must be an absolute http(s) URL with a host, e.g. https://api.example.com\n' +
        '  - ATTIO_CLIENT_ID: is required (your OAuth app client id)\n' +
        '  - ATTIO_CLIENT_SECRET: is required (your OAuth app client secret)\n' +
        '  - TOKEN_ENCRYPTION_KEYS: is required: set it to kid:base64(32 random bytes), e.g. ' +
        '`k1:$(openssl rand -base64 32)`; for a local demo only, set DEMO_MODE=1 instead\n',
    );
  });

  it('when no key of TOKEN_ENCRYPTION_KEYS matches the stored tokens, then it exits 2 with one message naming the key ids', async () => {
    const file = join(dir, 'c.sqlite');
    const written = await openConnectionStore({
      databaseUrl: `sqlite:${file}`,
      keyRing: parseKeyRing(generateKeyRingEntry('2026-01')),
    });
    for (const ws of ['ws-1', 'ws-2', 'ws-3'])
      await written.saveConnection({ workspaceId: ws, scopes: [], token: `tok-${ws}` });
    await written.close();
    const keys = generateKeyRingEntry('2026-06');
    const run = runMain({
      PORT: '0',
      PUBLIC_BASE_URL: 'http://127.0.0.1:9',
      ATTIO_CLIENT_ID: 'client',
      ATTIO_CLIENT_SECRET: 'secret',
      TOKEN_ENCRYPTION_KEYS: keys,
      DATABASE_URL: `sqlite:${file}`,
    });
    expect(await run.exit).toBe(2);
    await run.closed;
    expect(run.stderr.join('')).toBe(
      'Invalid configuration for oauth-callback (see .env.example):\n' +
        '  - TOKEN_ENCRYPTION_KEYS: None of the stored tokens can be decrypted: they use key id "2026-01", ' +
        'and TOKEN_ENCRYPTION_KEYS holds "2026-06". Set TOKEN_ENCRYPTION_KEYS to the key ring the tokens ' +
        'were written with (the same value as the service that stores them), or add the old key after ' +
        'the active one and rotate.\n',
    );
    expect(run.stdout.join('\n')).not.toContain(keys.split(':')[1]);
  });

  it('when PORT is taken by another listener, then it exits 2 naming PORT and HOST', async () => {
    const holder = createServer();
    await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
    const port = (holder.address() as AddressInfo).port;
    try {
      const run = runMain({
        DEMO_MODE: '1',
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        ATTIO_CLIENT_ID: 'client',
        ATTIO_CLIENT_SECRET: 'secret-never-logged',
        DATA_DIR: dir,
      });
      expect(await run.exit).toBe(2);
      await run.closed;
      expect(run.stderr.join('')).toBe(
        'Cannot start oauth-callback (see .env.example):\n' +
          `  - PORT: 127.0.0.1:${port} is already in use by another process; set PORT to a free port ` +
          '(0 picks one at random), set HOST to another address, or stop the other process\n',
      );
      // Bound before the store opens: nothing was created under DATA_DIR.
      expect(existsSync(join(dir, 'dev-encryption-key'))).toBe(false);
    } finally {
      holder.close();
    }
  });

  it('when started in demo mode without keys, then it warns loudly, serves, and drains on SIGTERM with exit 0', async () => {
    const run = runMain({
      DEMO_MODE: '1',
      PORT: '0',
      PUBLIC_BASE_URL: 'http://127.0.0.1:9',
      ATTIO_CLIENT_ID: 'client',
      ATTIO_CLIENT_SECRET: 'secret-never-logged',
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'c.sqlite')}`,
    });
    const listening = await waitForLine(run, 'oauth-callback listening');
    const warning = run.stdout
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .find((l) => l.msg.startsWith('DEV MODE'));
    expect(warning?.level).toBe(40);
    expect(warning?.msg).toContain(
      `NEWLY GENERATED development key stored in ${join(dir, 'dev-encryption-key')}`,
    );
    expect(existsSync(join(dir, 'dev-encryption-key'))).toBe(true);
    const health = await fetch(`${String(listening['url'])}/healthz`);
    expect(health.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect((await waitForLine(run, 'stopped'))['msg']).toBe('stopped');
    expect(run.stdout.join('\n')).not.toContain('secret-never-logged');
  });

  const pgOk = postgresReachable();
  (pgOk ? it : it.skip)(
    pgOk
      ? 'when SIGTERM arrives while a request hangs on a locked PostgreSQL table, then it exits within SHUTDOWN_TIMEOUT_MS and logs what it abandoned'
      : `skipped: PostgreSQL not reachable at ${describeDatabase()}`,
    async () => {
      const db = freshDatabase('postgres');
      // The child finds its schema through search_path, so it must exist before the child starts.
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${db.schema ?? ''}`);
      await admin.end();
      const url = new URL(TEST_DATABASE_URL);
      url.searchParams.set('options', `-c search_path=${db.schema ?? ''}`);
      const run = runMain({
        PORT: '0',
        PUBLIC_BASE_URL: 'http://127.0.0.1:9',
        ATTIO_CLIENT_ID: 'client',
        ATTIO_CLIENT_SECRET: 'secret-never-logged',
        TOKEN_ENCRYPTION_KEYS: generateKeyRingEntry('k1'),
        DATABASE_URL: url.toString(),
        // The request would wait a minute behind the lock: only the shutdown deadline ends it.
        DATABASE_LOCK_TIMEOUT_MS: '60000',
        DATABASE_STATEMENT_TIMEOUT_MS: '60000',
        SHUTDOWN_TIMEOUT_MS: '1000',
      });
      const lockHolder: { release?: () => Promise<void> } = {};
      try {
        const listening = await waitForLine(run, 'oauth-callback listening');
        const lock = await holdTableLock({
          databaseUrl: TEST_DATABASE_URL,
          schema: db.schema,
          table: 'install_states',
        });
        lockHolder.release = lock.release;
        const stuck = fetch(`${String(listening['url'])}/install`, { redirect: 'manual' }).catch(
          (err: unknown) => err,
        );
        await lock.waitForWaiters(1);
        const signalled = Date.now();
        run.child.kill('SIGTERM');
        expect(await run.exit).toBe(0);
        expect(Date.now() - signalled).toBeLessThan(1000 + 4000); // the lock is held for 60 s
        const abandoned = await waitForLine(
          run,
          'shutdown deadline passed: abandoned 1 in-flight request(s) and the connection store (queries still running)',
        );
        expect(abandoned).toMatchObject({ level: 40, abandonedRequests: 1, storeClosed: false });
        await stuck;
      } finally {
        run.child.kill('SIGKILL');
        await lockHolder.release?.();
        db.drop();
      }
    },
  );
  it('when ./.env in the working directory configures it, then it serves with the environment winning over ./.env', async () => {
    writeFileSync(join(dir, 'client-secret.txt'), 'secret-never-logged\n');
    writeFileSync(
      join(dir, '.env'),
      [
        '# as copied from .env.example and filled in',
        'DEMO_MODE=1',
        'PORT=0',
        'PUBLIC_BASE_URL=http://dotenv.invalid',
        'ATTIO_CLIENT_ID=client-from-dotenv',
        'ATTIO_CLIENT_SECRET_FILE=client-secret.txt',
        `DATA_DIR=${dir}`,
        `DATABASE_URL=sqlite:${join(dir, 'c.sqlite')}`,
        '',
      ].join('\n'),
    );
    const run = runMain({ PUBLIC_BASE_URL: 'http://127.0.0.1:9' }, dir);
    const listening = await waitForLine(run, 'oauth-callback listening');
    expect(listening['redirectUri']).toBe('http://127.0.0.1:9/oauth/callback');
    const install = await fetch(`${String(listening['url'])}/install`, { redirect: 'manual' });
    expect(install.status).toBe(302);
    expect(new URL(install.headers.get('location') ?? '').searchParams.get('client_id')).toBe(
      'client-from-dotenv',
    );
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    await run.closed;
    expect(run.stdout.join('\n') + run.stderr.join('')).not.toContain('secret-never-logged');
  });

  it('when ./.env has a line that is not NAME=value, then it exits 2 naming the file and the line', async () => {
    writeFileSync(
      join(dir, '.env'),
      'ATTIO_CLIENT_ID=client\nATTIO_CLIENT_SECRET secret-never-logged\n',
    );
    const run = runMain({}, dir);
    expect(await run.exit).toBe(2);
    await run.closed;
    expect(run.stderr.join('')).toBe(
      'Invalid configuration for oauth-callback (see .env.example):\n' +
        `  - ${join(dir, '.env')}: line 2: expected NAME=value (a name is letters, digits and _, ` +
        'not starting with a digit; spaces, not tabs, around it); fix the line or comment it out with #\n',
    );
  });
});
