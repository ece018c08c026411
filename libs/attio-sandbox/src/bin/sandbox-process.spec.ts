/**
 * Runs the standalone entry point as a real process (the way `npm run sandbox` does) and checks its
 * contract: one JSON line first, a working API, a clean stop on SIGTERM.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { http } from '../testing/http-client.js';

const ROOT = path.resolve(__dirname, '../../../..');
const BIN = path.join(ROOT, 'libs/attio-sandbox/src/bin/sandbox.ts');

// Starts the sandbox binary in a fresh node process (compiled with swc on start): 5-20 s on a busy machine.
jest.setTimeout(60_000);

function run(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    [
      '--conditions=@attio-auth/source',
      '--import',
      '@swc-node/register/esm-register',
      BIN,
      ...args,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
    },
  );
}

/** The exit code, once the process has exited and its output streams are drained ('close'). */
function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}

describe('sandbox bin', () => {
  it('when started with --port 0, then the first stdout line is the JSON handshake and SIGTERM stops it with 0', async () => {
    const child = run(['--port', '0', '--no-rate-limit']);
    const exited = exitOf(child);
    const lines = createInterface({ input: child.stdout });
    const iterator = lines[Symbol.asyncIterator]();
    const first = JSON.parse(String((await iterator.next()).value)) as {
      apiUrl: string;
      oauthUrl: string;
      adminUrl: string;
      fixtures: {
        tokens: Record<string, string>;
        oauthApp: { clientId: string };
      };
    };
    expect(first.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.oauthUrl).toBe(first.apiUrl);
    expect(first.adminUrl).toBe(`${first.apiUrl}/_sandbox`);
    expect(Object.keys(first.fixtures.tokens).sort()).toEqual([
      'full',
      'noScopes',
      'otherWorkspace',
      'readOnly',
      'revoked',
      'userLevel',
    ]);
    const self = await http('GET', `${first.apiUrl}/v2/self`, {
      token: first.fixtures.tokens['full'] ?? '',
    });
    expect((self.json as { active: boolean }).active).toBe(true);
    expect(JSON.parse(String((await iterator.next()).value))).toMatchObject({
      level: 'info',
      msg: 'sandbox listening',
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('when --help is given, then usage on stdout and exit 0; a bad flag exits 64 with a hint', async () => {
    // Both processes at once: each spends most of its time compiling on start.
    const help = run(['--help']);
    const bad = run(['--port', 'x']);
    let out = '';
    let err = '';
    help.stdout.on('data', (d: Buffer) => (out += d.toString()));
    bad.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const [helpCode, badCode] = await Promise.all([exitOf(help), exitOf(bad)]);
    expect(helpCode).toBe(0);
    expect(out).toContain('Usage: attio-sandbox [options]');
    expect(badCode).toBe(64);
    expect(err).toContain('attio-sandbox: --port must be an integer ≥ 0 (got "x").');
  });
});
