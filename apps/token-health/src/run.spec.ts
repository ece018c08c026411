import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { run } from './run.js';
import { testIo } from './testing/test-io.js';
import { VERSION } from './version.js';

describe('run: usage and configuration', () => {
  it('when --help or --version is given, then it prints and exits 0', async () => {
    const help = testIo({});
    expect(await run(['--help'], help.io)).toBe(0);
    expect(help.stdout.text()).toMatch(
      /^Usage: attio-token-health \(--once \| --schedule "<cron>"\) \[options\]/,
    );
    const version = testIo({});
    expect(await run(['--version'], version.io)).toBe(0);
    expect(version.stdout.text()).toBe('0.0.1\n');
  });

  it('when the command line is wrong, then it exits 64 and says what to do', async () => {
    const t = testIo({});
    expect(await run(['--once', '--concurrency', 'lots'], t.io)).toBe(64);
    expect(t.stderr.text()).toBe(
      'attio-token-health: --concurrency must be a whole number from 1 to 256 (e.g. --concurrency 16).\nRun with --help for usage.\n',
    );
  });

  it('when variables are bad, then it exits 78 naming each of them', async () => {
    const t = testIo({ HEALTH_CONCURRENCY: '-1', ALERT_WEBHOOK_URL: 'not a url' });
    expect(await run(['--once'], t.io)).toBe(78);
    expect(t.stderr.text()).toContain('Invalid configuration (2 problems)');
    expect(t.stderr.text()).toContain('  - HEALTH_CONCURRENCY: ');
    expect(t.stderr.text()).toContain('  - ALERT_WEBHOOK_URL: ');
  });

  it('when the store is needed but TOKEN_ENCRYPTION_KEYS is unset or invalid, then it exits 78 and says how to fix it', async () => {
    const missing = testIo({ DATABASE_URL: 'sqlite::memory:' });
    expect(await run(['--once'], missing.io)).toBe(78);
    expect(missing.stderr.text()).toBe(
      'attio-token-health: TOKEN_ENCRYPTION_KEYS is not set: it is needed to decrypt stored tokens (use the same value as the ' +
        'oauth-callback service). To check only --tokens-file entries, pass --skip-store.\n',
    );
    const invalid = testIo({
      DATABASE_URL: 'sqlite::memory:',
      TOKEN_ENCRYPTION_KEYS: 'k1:c2VjcmV0',
    });
    expect(await run(['--once'], invalid.io)).toBe(78);
    expect(invalid.stderr.text()).toMatch(
      /^attio-token-health: Invalid configuration \(1 problem\):\n {2}- TOKEN_ENCRYPTION_KEYS: key "k1" is 6 bytes; /,
    );
    expect(invalid.stderr.text()).not.toContain('c2VjcmV0');
  });

  it('when HEALTH_PORT is taken by another listener, then --schedule exits 78 naming HEALTH_PORT', async () => {
    const holder = createServer();
    await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
    const port = (holder.address() as AddressInfo).port;
    const dir = await mkdtemp(join(tmpdir(), 'th-run-'));
    try {
      await writeFile(join(dir, 't.json'), '[]');
      const t = testIo({ HEALTH_HOST: '127.0.0.1', HEALTH_PORT: String(port) });
      const args = [
        '--schedule',
        '0 0 1 1 *',
        '--skip-store',
        '--tokens-file',
        join(dir, 't.json'),
      ];
      expect(await run(args, t.io)).toBe(78);
      expect(t.stderr.text()).toBe(
        'attio-token-health: Invalid configuration (1 problem):\n' +
          `  - HEALTH_PORT: 127.0.0.1:${port} is already in use by another process; set HEALTH_PORT to a free port ` +
          '(0 picks one at random), set HEALTH_HOST to another address, or stop the other process\n' +
          'Fix these variables (see the apps/token-health section of .env.example) and start again.\n',
      );
    } finally {
      holder.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when the tokens file is invalid, then it exits 78 without echoing tokens', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'th-run-'));
    try {
      await writeFile(
        join(dir, 't.json'),
        '[{"name":"x","token":"sk_do_not_print"},{"name":"x","token":"sk_do_not_print"}]',
      );
      const t = testIo({});
      expect(
        await run(['--once', '--skip-store', '--tokens-file', join(dir, 't.json')], t.io),
      ).toBe(78);
      expect(t.stderr.text()).toContain(
        'entry 1 (line 1): name "x" is used twice; names must be unique',
      );
      expect(t.stderr.text()).not.toContain('sk_do_not_print');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when the version constant is printed, then it equals package.json', async () => {
    const pkg = JSON.parse(await readFile(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});

/** A sandbox round (and the schedule's first cron tick, up to 1 s away) on a busy machine. */
const SANDBOX_TEST_TIMEOUT_MS = 15_000;

describe('run: tokens file and metrics against the sandbox', () => {
  let sandbox: Sandbox;
  let dir: string;
  beforeEach(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    dir = await mkdtemp(join(tmpdir(), 'th-run-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await sandbox.close();
  });

  it(
    'when a --tokens-file token is malformed, then it exits 78 naming the line, checks nothing and reports nothing as revoked',
    async () => {
      const file = join(dir, 'tokens.json');
      const pasted = 'sk_live_0123456789abcdef';
      await writeFile(
        file,
        `[\n  {"name":"good","token":"${sandbox.fixtures.tokens.full}"},\n` +
          `  {"name":"pasted twice","token":"${pasted} ${pasted}"}\n]\n`,
      );
      const t = testIo({});
      const argv = ['--once', '--json', '--skip-store', '--tokens-file', file];
      expect(await run([...argv, '--base-url', sandbox.urls.api], t.io)).toBe(78);
      expect(t.stderr.text()).toBe(
        `attio-token-health: ${file} has 1 problem(s):\n` +
          '  - entry 1 (line 3): token contains whitespace; copy the token again in one piece\n',
      );
      expect(t.stdout.text()).toBe('');
      expect(t.stderr.text()).not.toContain(pasted);
    },
    SANDBOX_TEST_TIMEOUT_MS,
  );

  it(
    'when every fixture token is listed in --tokens-file, then each is classified correctly and metrics are written',
    async () => {
      const t = sandbox.fixtures.tokens;
      const writeScopes = ['record_permission:read-write', 'object_configuration:read'];
      await writeFile(
        join(dir, 'tokens.json'),
        JSON.stringify([
          { name: 'full', token: t.full, requiredScopes: writeScopes },
          { name: 'readOnly', token: t.readOnly, requiredScopes: writeScopes },
          { name: 'noScopes', token: t.noScopes, requiredScopes: ['object_configuration:read'] },
          { name: 'revoked', token: t.revoked },
          { name: 'userLevel', token: t.userLevel, requiredScopes: writeScopes },
          { name: 'otherWorkspace', token: t.otherWorkspace },
        ]),
      );
      const metricsFile = join(dir, 'health.prom');
      const io = testIo({});
      const code = await run(
        [
          '--once',
          '--json',
          '--skip-store',
          '--tokens-file',
          join(dir, 'tokens.json'),
          '--base-url',
          sandbox.urls.api,
          '--metrics-file',
          metricsFile,
        ],
        io.io,
      );
      expect(code).toBe(1);
      const checks = io.json().filter((l) => l['type'] === 'check');
      expect(
        Object.fromEntries(checks.map((c) => [c['name'], [c['status'], c['missingScopes']]])),
      ).toEqual({
        full: ['healthy', []],
        readOnly: ['under_scoped', ['record_permission:read-write']],
        noScopes: ['under_scoped', ['object_configuration:read']],
        revoked: ['revoked', []],
        userLevel: ['healthy', []],
        otherWorkspace: ['healthy', []],
      });
      expect(io.stdout.text()).not.toContain(t.full);
      const prom = await readFile(metricsFile, 'utf8');
      expect(prom).toContain('attio_token_health_last_round_targets{status="healthy"} 3');
      expect(prom).toContain('attio_token_health_last_round_targets{status="under_scoped"} 2');
      expect(prom).toContain('attio_token_health_last_round_targets{status="revoked"} 1');
      expect(prom).toContain('attio_token_health_last_round_exit_code 1');
    },
    SANDBOX_TEST_TIMEOUT_MS,
  );

  it(
    'when --schedule runs, then rounds run, /healthz and /metrics answer, and SIGTERM stops it with exit 0',
    async () => {
      await writeFile(
        join(dir, 'tokens.json'),
        JSON.stringify([{ name: 'full', token: sandbox.fixtures.tokens.full }]),
      );
      const t = testIo({ HEALTH_HOST: '127.0.0.1', HEALTH_PORT: '0' });
      const running = run(
        [
          '--schedule',
          '* * * * * *',
          '--skip-store',
          '--tokens-file',
          join(dir, 'tokens.json'),
          '--base-url',
          sandbox.urls.api,
        ],
        t.io,
      );
      const base = `http://127.0.0.1:${await t.port()}`;
      // Wait for the first round (cron fires every second) by polling /healthz.
      let health: Record<string, unknown> = {};
      while (health['lastRoundExitCode'] === undefined || health['lastRoundExitCode'] === null) {
        await new Promise((r) => setTimeout(r, 50));
        health = (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
      }
      expect(health).toMatchObject({ status: 'ok', lastRoundExitCode: 0 });
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('attio_token_health_checks_total{status="healthy"}');
      expect((await fetch(`${base}/nope`)).status).toBe(404);
      expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
      t.signal('SIGTERM');
      expect(await running).toBe(0);
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
      expect(t.stdout.text()).toContain('healthy             1');
    },
    SANDBOX_TEST_TIMEOUT_MS,
  );
});
