import { defaultSleep } from '@attio-auth/attio-core';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
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
  child.stdout.on('data', (c: Buffer) => out.push(c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => out.push(c.toString('utf8')));
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => out.join(''), exit };
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
    let url: string | undefined;
    for (let i = 0; i < 1200 && !url; i++) {
      url = /Open this URL in a browser to install: {2}(http:\/\/127\.0\.0\.1:\d+\/install)/.exec(
        run.output(),
      )?.[1];
      if (!url) await defaultSleep(50);
    }
    expect(url).toBeDefined();
    const res = await fetch(url as string, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/authorize\?response_type=code&client_id=/,
    );
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.output()).toContain('Stopped.');
  });
});
