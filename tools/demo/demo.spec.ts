import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
// Each test runs a demo script in a fresh node process: it compiles the workspace sources with swc, starts
// the sandbox and the callback service, and (the tour) installs over real HTTP; up to a minute under load.
jest.setTimeout(90_000);

/** Runs a demo script as `npm start` / `npm run demo` do, and collects its output. */
function runScript(script: string) {
  const child = spawn(
    process.execPath,
    ['--conditions=@attio-auth/source', '--import', '@swc-node/register/esm-register', script],
    {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const out: string[] = [];
  const onOutput = new Set<() => void>();
  const collect = (c: Buffer) => {
    out.push(c.toString('utf8'));
    for (const check of onOutput) check();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  // 'close' comes after the last output chunk, so a pattern still unmatched then never will be.
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  const output = () => out.join('');
  /** Resolves with the first match of `pattern` in the output, checked on every chunk as it arrives. */
  const waitForOutput = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((found, fail) => {
      const check = () => {
        const match = pattern.exec(output());
        if (match) {
          onOutput.delete(check);
          found(match);
        }
      };
      onOutput.add(check);
      check();
      void closed.then(() => {
        if (onOutput.delete(check))
          fail(new Error(`exited without printing ${pattern}: ${output()}`));
      });
    });
  return { child, output, exit, waitForOutput };
}

describe('npm run demo', () => {
  it('when run, then it installs a workspace over real HTTP, prints the connection without a token and exits 0', async () => {
    const run = runScript('tools/demo/tour.ts');
    expect(await run.exit).toBe(0);
    const output = run.output();
    expect(output).toContain('200 success page: "Connected to Acme Sandbox"');
    expect(output).toContain('"workspaceName": "Acme Sandbox"');
    expect(output).toContain(
      'token: stored encrypted (AES-256-GCM), decryptable with the dev key; not printed',
    );
    expect(output).toMatch(/ 6\. Show the stored connection/);
    expect(output).not.toMatch(/"token"|access_token|code=[A-Za-z0-9_-]{8}/);
  });
});

describe('npm start', () => {
  it('when started, then it prints the install URL, serves it, and stops cleanly on SIGTERM', async () => {
    const run = runScript('tools/demo/start.ts');
    const [, url = ''] = await run.waitForOutput(
      /Open this URL in a browser to install: {2}(http:\/\/127\.0\.0\.1:\d+\/install)/,
    );
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/authorize\?response_type=code&client_id=/,
    );
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.output()).toContain('Stopped.');
  });
});
