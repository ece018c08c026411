import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPortUrl } from '@attio-auth/attio-core/testing';
import { run } from './run.js';
import { captureIo } from './testing/capture-io.js';

// Real sockets and temp folders per test; several seconds on the shared 2-core machine.
jest.setTimeout(30_000);

/** run() without any server: help, version, usage and configuration errors, token shape. */
describe('run (no network)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-run-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when --version, then the version alone on stdout and exit 0', async () => {
    const io = captureIo({ cwd: dir });
    expect(await run(['--version'], io)).toBe(0);
    expect(io.out()).toBe('0.0.1\n');
    expect(io.err()).toBe('');
  });

  it('when --help, then usage with every exit code and exit 0', async () => {
    const io = captureIo({ cwd: dir });
    expect(await run(['--help'], io)).toBe(0);
    for (const line of [
      '  0   all good',
      '  1   token invalid or revoked',
      '  2   required scopes missing',
      '  3   could not check',
      '  64  usage error',
      '  78  configuration error',
    ]) {
      expect(io.out()).toContain(line);
    }
    const oauth = captureIo({ cwd: dir });
    expect(await run(['help', 'oauth'], oauth)).toBe(0);
    expect(oauth.out()).toContain('attio-verify oauth: check an OAuth app');
  });

  it('when the command line is wrong, then the error and a hint on stderr and exit 64', async () => {
    const io = captureIo({ cwd: dir });
    expect(await run(['--nope'], io)).toBe(64);
    expect(io.out()).toBe('');
    expect(io.err()).toBe(
      `attio-verify: error: Unknown option '--nope'.\nRun "attio-verify --help" for usage.\n`,
    );
  });

  it('when the command line is wrong with --json, then a JSON document with verdict usage_error', async () => {
    const io = captureIo({ cwd: dir });
    expect(await run(['--json', '--retries', 'many'], io)).toBe(64);
    const doc = JSON.parse(io.out());
    expect(doc).toMatchObject({
      schemaVersion: 1,
      command: 'verify',
      ok: false,
      verdict: 'usage_error',
      exitCode: 64,
      error: {
        outcome: 'usage_error',
        message: '--retries must be a whole number from 0 to 10 (e.g. --retries 2).',
      },
      checks: [],
    });
  });

  it('when no token is found anywhere, then exit 78 naming the places looked at', async () => {
    const io = captureIo({ cwd: dir });
    expect(await run([], io)).toBe(78);
    expect(io.err()).toBe(
      'attio-verify: error: no token to verify: ATTIO_API_KEY is not set and there is no ./.env. Pass --token-stdin, set ATTIO_API_KEY, or use --workspace <id> for a stored connection.\n',
    );
  });

  it('when a configuration variable is invalid, then exit 78 naming it', async () => {
    const io = captureIo({
      cwd: dir,
      env: { ATTIO_API_KEY: 'sk_test_abcdef', ATTIO_API_BASE_URL: 'api.attio.com' },
    });
    expect(await run([], io)).toBe(78);
    expect(io.err()).toBe(
      'attio-verify: error: invalid configuration: ATTIO_API_BASE_URL: must be an absolute http(s) URL with a host, e.g. https://api.example.com\n',
    );
  });

  it('when --for names an operation Attio does not have, then exit 64', async () => {
    const io = captureIo({ cwd: dir, env: { ATTIO_API_KEY: 'sk_test_abcdef' } });
    expect(await run(['--for', 'GET /v2/nothing-here'], io)).toBe(64);
    expect(io.err()).toContain(
      `--for "GET /v2/nothing-here" is not an operation in Attio's API document`,
    );
  });

  it('when --require names an unknown scope, then exit 64 with the likely scope', async () => {
    const io = captureIo({ cwd: dir, env: { ATTIO_API_KEY: 'sk_test_abcdef' } });
    expect(await run(['--require', 'note:read,notes:write'], io)).toBe(64);
    expect(io.err()).toContain(
      '--require: unknown scope notes:write (did you mean note:read-write?); scopes are <family>:read or <family>:read-write.',
    );
  });

  it('when --base-url is not a URL, then exit 64', async () => {
    const io = captureIo({ cwd: dir, env: { ATTIO_API_KEY: 'sk_test_abcdef' } });
    expect(await run(['--base-url', 'localhost:4010'], io)).toBe(64);
    expect(io.err()).toContain('--base-url must be an absolute http(s) URL');
  });

  it('when --base-url holds user:password, then exit 64 saying so without printing them', async () => {
    for (const json of [false, true]) {
      const io = captureIo({ cwd: dir, env: { ATTIO_API_KEY: 'sk_test_abcdef' } });
      const argv = [
        '--base-url',
        'http://admin:hunter2-secret@127.0.0.1:9',
        ...(json ? ['--json'] : []),
      ];
      expect(await run(argv, io)).toBe(64);
      const message =
        '--base-url must not contain user:password@; pass the token with --token-stdin or ATTIO_API_KEY.';
      if (json) expect(JSON.parse(io.out()).error.message).toBe(message);
      else
        expect(io.err()).toBe(
          `attio-verify: error: ${message}\nRun "attio-verify --help" for usage.\n`,
        );
      expect(io.all()).not.toContain('hunter2');
      expect(io.all()).not.toContain('admin');
    }
  });

  it('when a printed URL holds user:password, then the output shows ***@ in its place', async () => {
    for (const json of [false, true]) {
      const io = captureIo({
        cwd: dir,
        env: { ATTIO_CLIENT_ID: 'client_abc', ATTIO_CLIENT_SECRET: 'secret_0123456789' },
      });
      const argv = ['oauth', '--token-url', await closedPortUrl(), '--timeout', '2000'];
      argv.push('--redirect-uri', 'http://ops:hunter2-secret@localhost:3000/oauth/callback');
      expect(await run(json ? [...argv, '--json'] : argv, io)).toBe(78);
      expect(io.all()).not.toContain('hunter2');
      expect(io.all()).toContain('http://***@localhost:3000/oauth/callback');
    }
  });

  it('when the token in ./.env has a pasted Bearer prefix, then exit 1 with the fix, nothing sent, and no token in the output', async () => {
    const token = 'sk_live_0123456789abcdef0123456789abcdef';
    writeFileSync(join(dir, '.env'), `ATTIO_API_KEY="Bearer ${token}"\n`);
    // A base URL nothing listens on: had anything been sent, the reachability line would say so.
    const io = captureIo({ cwd: dir, env: { ATTIO_API_BASE_URL: 'http://127.0.0.1:9' } });
    expect(await run([], io)).toBe(1);
    const lines = io.out().split('\n');
    expect(lines[1]).toBe(
      '✗ token           token from ATTIO_API_KEY in ./.env is malformed: the token starts with "Bearer ", which the client adds itself',
    );
    expect(lines[3]).toBe(
      '                  fix:   Remove the "Bearer " prefix and keep only the token.',
    );
    expect(lines[4]).toBe('- reachable       not run: the token is malformed');
    expect(io.out()).toContain('FAILED (exit 1): the token (or client) is not valid');
    expect(io.all()).not.toContain(token);
  });

  it('when --quiet and the token is malformed, then only the failure on stderr', async () => {
    const io = captureIo({ cwd: dir });
    expect(await run(['--quiet', '--token', ' '], io)).toBe(1);
    expect(io.out()).toBe('');
    expect(io.err().split('\n')[0]).toBe(
      '✗ token           token from --token is malformed: the token is only whitespace',
    );
  });

  it('when stdout is a terminal, then marks are coloured; with NO_COLOR or --no-color they are not', async () => {
    const tty = captureIo({ cwd: dir, isTTY: true });
    expect(await run(['--token', 'Bearer x'], tty)).toBe(1);
    expect(tty.out()).toContain('\u001b[31m✗\u001b[0m token');
    const noColor = captureIo({ cwd: dir, isTTY: true, env: { NO_COLOR: '1' } });
    await run(['--token', 'Bearer x'], noColor);
    expect(noColor.out()).not.toContain('\u001b[');
    const flag = captureIo({ cwd: dir, isTTY: true });
    await run(['--token', 'Bearer x', '--no-color'], flag);
    expect(flag.out()).not.toContain('\u001b[');
    expect(noColor.out().split('\n')[1]).toBe(
      '✗ token           token from --token is malformed: the token starts with "Bearer ", which the client adds itself',
    );
  });

  it('when --workspace is used without a key ring, then exit 78 saying what is needed', async () => {
    writeFileSync(join(dir, 'store.sqlite'), '');
    const io = captureIo({ cwd: dir, env: { DATABASE_URL: 'sqlite:store.sqlite' } });
    expect(await run(['--workspace', 'ws_1'], io)).toBe(78);
    expect(io.err()).toContain('--workspace needs TOKEN_ENCRYPTION_KEYS');
  });

  it('when --workspace points at a store that does not exist, then exit 78 and no file is created', async () => {
    const io = captureIo({
      cwd: dir,
      env: { TOKEN_ENCRYPTION_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' },
    });
    expect(await run(['--workspace', 'ws_1'], io)).toBe(78);
    expect(io.err()).toContain(
      `DATABASE_URL is unset and the default SQLite store ${join(dir, '.data/connections.sqlite')} does not exist.`,
    );
    expect(io.all()).not.toContain('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
  });
});
