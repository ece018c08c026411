import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { sandboxEnv } from '@attio-auth/attio-sandbox/testing';
import { closedPortUrl } from '@attio-auth/attio-core/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../run.js';
import { captureIo } from '../testing/capture-io.js';

// The token endpoint is the sandbox over real sockets; several seconds under load.
jest.setTimeout(30_000);

/** `attio-verify oauth` against the sandbox's real token endpoint. */
describe('attio-verify oauth', () => {
  let sandbox: Sandbox;
  let dir: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    dir = mkdtempSync(join(tmpdir(), 'verify-oauth-'));
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (over: Record<string, string> = {}) =>
    sandboxEnv(sandbox, { OAUTH_REDIRECT_URI: 'http://localhost:3000/oauth/callback', ...over });

  it('when id, secret and redirect URI are right, then the bogus code comes back invalid_grant and exit 0', async () => {
    const io = captureIo({ cwd: dir, env: env() });
    expect(await run(['oauth'], io)).toBe(0);
    const lines = io.out().split('\n');
    expect(lines[0]).toBe(`attio-verify 0.0.1 oauth · ${sandbox.urls.oauth}/oauth/token`);
    expect(lines[1]).toBe(
      `✓ credentials     client id and secret present (secret: ${sandbox.fixtures.oauthApp.clientSecret.length} characters)`,
    );
    expect(lines[2]).toBe('✓ redirect uri    well-formed');
    expect(lines[3]).toBe(
      '                  http://localhost:3000/oauth/callback (local development)',
    );
    expect(lines[4]).toBe(
      '✓ token endpoint  made-up code refused with invalid_grant (HTTP 400): client id and secret accepted',
    );
    expect(io.all()).not.toContain(sandbox.fixtures.oauthApp.clientSecret);
  });

  it('when the secret is wrong, then invalid_client and exit 1, without printing either secret', async () => {
    const wrong = 'wrong-secret-0123456789abcdef';
    const io = captureIo({ cwd: dir, env: env({ ATTIO_CLIENT_SECRET: wrong }) });
    expect(await run(['oauth'], io)).toBe(1);
    expect(io.out()).toContain(
      '✗ token endpoint  made-up code refused with invalid_client (HTTP 401): the client id or secret is wrong',
    );
    expect(io.all()).not.toContain(wrong);
  });

  it('when the secret comes from stdin and the rest from ./.env, then it is used and exit 0', async () => {
    const sub = mkdtempSync(join(dir, 'dotenv-'));
    writeFileSync(
      join(sub, '.env'),
      `ATTIO_CLIENT_ID=${sandbox.fixtures.oauthApp.clientId}\nOAUTH_REDIRECT_URI=https://app.example.com/oauth/callback\n`,
    );
    const io = captureIo({ cwd: sub, stdin: `${sandbox.fixtures.oauthApp.clientSecret}\n` });
    expect(
      await run(
        [
          'oauth',
          '--client-secret-stdin',
          '--token-url',
          `${sandbox.urls.oauth}/oauth/token`,
          '--json',
        ],
        io,
      ),
    ).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc).toMatchObject({
      command: 'oauth',
      ok: true,
      exitCode: 0,
      clientId: sandbox.fixtures.oauthApp.clientId,
      redirectUris: ['https://app.example.com/oauth/callback'],
    });
    expect(doc.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual([
      'credentials:pass',
      'redirect_uri:pass',
      'token_endpoint:pass',
    ]);
    expect(io.all()).not.toContain(sandbox.fixtures.oauthApp.clientSecret);
  });

  it('when OAUTH_REDIRECT_URI is unset, then the redirect URI is derived from PUBLIC_BASE_URL as the callback service does', async () => {
    const io = captureIo({
      cwd: dir,
      env: env({ OAUTH_REDIRECT_URI: '', PUBLIC_BASE_URL: 'http://127.0.0.1:3000/' }),
    });
    expect(await run(['oauth', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out()).redirectUris).toEqual(['http://127.0.0.1:3000/oauth/callback']);
  });

  it('when the secret is missing, then exit 78 and the endpoint is not called', async () => {
    const io = captureIo({ cwd: dir, env: env({ ATTIO_CLIENT_SECRET: '' }) });
    expect(await run(['oauth'], io)).toBe(78);
    expect(io.out()).toContain(
      '✗ credentials     missing client secret (--client-secret-stdin or ATTIO_CLIENT_SECRET)',
    );
    expect(io.out()).toContain(
      '- token endpoint  not run: client id or secret missing or malformed',
    );
  });

  it('when the redirect URI is http on a public host, then exit 78 while the credentials are still checked', async () => {
    const io = captureIo({
      cwd: dir,
      env: env({ OAUTH_REDIRECT_URI: 'http://app.example.com/cb' }),
    });
    expect(await run(['oauth'], io)).toBe(78);
    expect(io.out()).toContain(
      '✗ redirect uri    http://app.example.com/cb uses http on a non-local host (app.example.com); use https (http is only fine on localhost)',
    );
    expect(io.out()).toContain('✓ token endpoint  made-up code refused with invalid_grant');
  });

  it('when the token endpoint is unreachable, then exit 3', async () => {
    const url = await closedPortUrl();
    const port = new URL(url).port;
    const io = captureIo({ cwd: dir, env: env({ ATTIO_TOKEN_URL: `${url}/oauth/token` }) });
    expect(await run(['oauth'], io)).toBe(3);
    expect(io.out()).toContain(
      `✗ token endpoint  connection to 127.0.0.1:${port} refused (nothing listening there)`,
    );
  });

  it('when the "token endpoint" accepts anything, then exit 3: it cannot be the real one', async () => {
    const server: Server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"x"}'),
    );
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
    try {
      const io = captureIo({
        cwd: dir,
        env: env({ ATTIO_TOKEN_URL: `http://127.0.0.1:${port}/oauth/token` }),
      });
      expect(await run(['oauth'], io)).toBe(3);
      expect(io.out()).toContain(
        '✗ token endpoint  POST /oauth/token accepted a made-up code (HTTP 200); is this really the token endpoint?',
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
