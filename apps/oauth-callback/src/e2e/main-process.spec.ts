import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');
const MAIN = 'apps/oauth-callback/src/main.ts';

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
function runMain(env: Record<string, string>): Run {
  const child = spawn(
    process.execPath,
    ['--conditions=@attio-auth/source', '--import', '@swc-node/register/esm-register', MAIN],
    {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...env },
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
});
