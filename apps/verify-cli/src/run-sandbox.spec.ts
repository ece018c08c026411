import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run.js';
import { captureIo, type CapturedIo } from './testing/capture-io.js';

// Each test makes several calls to the sandbox over real sockets; several seconds under load.
jest.setTimeout(30_000);

/**
 * run() in process against the real sandbox over real sockets: every fixture token gives its exit
 * code and lines, and no output ever contains the token.
 */
describe('run against the sandbox', () => {
  let sandbox: Sandbox;
  let dir: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    dir = mkdtempSync(join(tmpdir(), 'verify-sandbox-'));
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => sandbox.admin.clearFaults());

  /** Verifies `token` (via stdin, the recommended way) and checks it never shows up in the output. */
  async function verify(
    token: string,
    args: string[] = [],
  ): Promise<{ code: number; io: CapturedIo; lines: string[] }> {
    const io = captureIo({ cwd: dir, stdin: `${token}\n` });
    const code = await run(['--token-stdin', '--base-url', sandbox.urls.api, ...args], io);
    expect(io.all()).not.toContain(token);
    return { code, io, lines: io.out().split('\n') };
  }

  const host = () => new URL(sandbox.urls.api).host;

  it('when the token has every scope, then all checks pass, objects are listed and exit 0', async () => {
    const { code, io, lines } = await verify(sandbox.fixtures.tokens.full);
    expect(code).toBe(0);
    expect(io.err()).toBe('');
    expect(lines[0]).toBe(`attio-verify 0.0.1 · ${sandbox.urls.api}`);
    expect(lines[1]).toBe(
      `✓ token           token from standard input, ${sandbox.fixtures.tokens.full.length} characters`,
    );
    expect(lines[2]).toMatch(
      new RegExp(`^✓ reachable       ${host().replace('.', '\\.')} answered in \\d+ ms$`),
    );
    expect(lines[3]).toBe(
      '✓ identity        active workspace-level token for workspace "Acme Sandbox" (acme-sandbox)',
    );
    expect(lines[4]).toBe(`                  workspace id: ${sandbox.fixtures.workspaces[0]?.id}`);
    expect(io.out()).toMatch(/\n✓ scopes {10}\d+ granted\n/);
    expect(io.out()).toMatch(
      /\n✓ live call {7}GET \/v2\/objects → \d+ objects\n {18}people, companies, /,
    );
    expect(io.out()).toContain('\n- hygiene         token did not come from ./.env\n');
    expect(lines.at(-2)).toBe('OK: all checks passed');
  });

  it('when the token is read-only and write scopes are required, then exit 2 naming the missing ones', async () => {
    const { code, io } = await verify(sandbox.fixtures.tokens.readOnly, [
      '--require',
      'note:read,note:read-write',
      '-r',
      'task:read-write',
    ]);
    expect(code).toBe(2);
    expect(io.out()).toContain(
      '\n✗ scopes          missing 2 of 3 required: note:read-write, task:read-write\n',
    );
    expect(io.out()).toContain('FAILED (exit 2): required scopes are missing');
  });

  it('when --for names operations, then their scopes come from the OpenAPI table and the lacking operation is named', async () => {
    const { code, io } = await verify(sandbox.fixtures.tokens.readOnly, [
      '--for',
      'GET /v2/objects,POST /v2/notes',
    ]);
    expect(code).toBe(2);
    expect(io.out()).toContain('missing 1 of 3 required: note:read-write');
    expect(io.out()).toContain('POST /v2/notes needs note:read-write');
    const ok = await verify(sandbox.fixtures.tokens.full, [
      '--for',
      'GET /v2/objects,POST /v2/notes',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.io.out()).toContain('✓ scopes          all 3 required are present (30 granted)');
  });

  it('when the token has no scopes, then a warning, the live call is skipped, and exit 0 unless scopes are required', async () => {
    const { code, io } = await verify(sandbox.fixtures.tokens.noScopes);
    expect(code).toBe(0);
    expect(io.out()).toContain(
      '\n! scopes          no scopes granted: this token can call nothing but /v2/self\n',
    );
    expect(io.out()).toContain(
      '\n- live call       GET /v2/objects not tried: needs object_configuration:read, not granted\n',
    );
    const required = await verify(sandbox.fixtures.tokens.noScopes, [
      '--require',
      'object_configuration:read',
    ]);
    expect(required.code).toBe(2);
  });

  it('when the token is revoked, then exit 1 with the remedy and the later checks skipped', async () => {
    const { code, io } = await verify(sandbox.fixtures.tokens.revoked);
    expect(code).toBe(1);
    expect(io.out()).toContain(
      '\n✗ identity        token is not active: unknown, revoked, or its app was uninstalled\n',
    );
    expect(io.out()).toContain('\n- scopes          not run: the token is not usable\n');
    expect(io.out()).toMatch(/\n {18}cause: .+\n {18}fix: {3}.+\n/);
  });

  it('when the token is unknown to Attio, then exit 1 as for a revoked one', async () => {
    const { code } = await verify(
      'sk_0000000000000000000000000000000000000000000000000000000000000000',
    );
    expect(code).toBe(1);
  });

  it('when the token is user-level, then the identity line says so', async () => {
    const { code, io } = await verify(sandbox.fixtures.tokens.userLevel);
    expect(code).toBe(0);
    expect(io.out()).toContain(
      '✓ identity        active user-level token for workspace "Acme Sandbox" (acme-sandbox)',
    );
  });

  it('when the token belongs to the other workspace, then that workspace is named', async () => {
    const { code, io } = await verify(sandbox.fixtures.tokens.otherWorkspace);
    expect(code).toBe(0);
    expect(io.out()).toContain(
      'active workspace-level token for workspace "Globex Sandbox" (globex-sandbox)',
    );
  });

  it('when the API answers an HTML 502 page, then exit 3 saying it is not an Attio body', async () => {
    sandbox.admin.setFaults([{ path: '/v2/self', status: 502 }]);
    const { code, io } = await verify(sandbox.fixtures.tokens.full, ['--retries', '0']);
    expect(code).toBe(3);
    expect(io.out()).toContain(
      `\n✗ reachable       ${host()} answered HTTP 502, not an Attio JSON body (a proxy or gateway?)\n`,
    );
    expect(io.out()).toContain('FAILED (exit 3): could not check');
  });

  it('when the API never answers, then the timeout is reported and exit 3', async () => {
    sandbox.admin.setFaults([{ path: '/v2/self', hang: true }]);
    const { code, io } = await verify(sandbox.fixtures.tokens.full, [
      '--timeout',
      '300',
      '--retries',
      '0',
    ]);
    expect(code).toBe(3);
    expect(io.out()).toContain(
      `\n✗ reachable       no answer from ${host()} within 300 ms (timeout)\n`,
    );
  });

  it('when the API rate-limits every call, then exit 3 after the retries', async () => {
    sandbox.admin.setFaults([{ path: '/v2/self', rateLimitStorm: true }]);
    const { code, io } = await verify(sandbox.fixtures.tokens.full, ['--retries', '1']);
    expect(code).toBe(3);
    expect(io.out()).toContain(
      `\n✗ reachable       rate limited by ${host()} (HTTP 429) after retries\n`,
    );
  });

  it('when the live call fails with a 5xx after identity passed, then exit 3 on that line', async () => {
    sandbox.admin.setFaults([{ path: '/v2/objects', status: 500 }]);
    const { code, io } = await verify(sandbox.fixtures.tokens.full, ['--retries', '0']);
    expect(code).toBe(3);
    expect(io.out()).toContain('\n✓ identity ');
    expect(io.out()).toMatch(/\n✗ live call {7}GET \/v2\/objects failed: .+ answered HTTP 500/);
  });

  it('when the workspace name holds terminal escapes, then the text shows them escaped and --json keeps the name', async () => {
    const name = 'Evil\u001b[2J\u001b]0;pwned\u0007\r✓ fake line\n\u009b31m\u202e';
    const workspace = sandbox.admin.createWorkspace({ name, slug: 'evil-escapes' });
    const token = sandbox.admin.createToken({
      workspaceId: workspace.id,
      scopes: ['object_configuration:read'],
    });
    const { code, io } = await verify(token);
    expect(code).toBe(0);
    expect(io.out()).toContain(
      '\n✓ identity        active workspace-level token for workspace ' +
        '"Evil\\u001b[2J\\u001b]0;pwned\\u0007\\u000d✓ fake line\\u000a\\u009b31m\\u202e" (evil-escapes)\n',
    );
    // Nothing the terminal would act on: no ESC, BEL, CR or C1, and the fake line stays inside its line.
    // eslint-disable-next-line no-control-regex -- asserting on control characters
    expect(io.all()).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(io.out()).not.toContain('\n✓ fake line');

    const json = await verify(token, ['--json']);
    expect(json.io.out()).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(JSON.parse(json.io.out()).identity.workspaceName).toBe(name);
  });
});
