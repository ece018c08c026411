import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { closedPortUrl } from '@attio-auth/attio-core/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run.js';
import { captureIo } from './testing/capture-io.js';

// revoke-token against the sandbox's POST /oauth/revoke over real sockets.
const cwd = mkdtempSync(join(tmpdir(), 'ops-cli-revoke-'));
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.admin.clearFaults());

function freshToken(): string {
  return sandbox.admin.createToken({
    workspaceId: sandbox.fixtures.workspaces[0]?.id as string,
    scopes: ['user_management:read'],
  });
}

async function revoke(stdin: string | undefined, extra: string[] = [], url?: string) {
  const io = captureIo({
    env: { ATTIO_REVOKE_URL: url ?? `${sandbox.urls.oauth}/oauth/revoke` },
    cwd,
    stdin,
  });
  const code = await run(['revoke-token', ...extra], io);
  return { code, io };
}

async function selfActive(token: string): Promise<boolean> {
  const res = await fetch(`${sandbox.urls.api}/v2/self`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { active: boolean }).active;
}

it('when a live token is piped in, then it is revoked at Attio, /v2/self says inactive, and the token is never printed', async () => {
  const token = freshToken();
  expect(await selfActive(token)).toBe(true);
  const { code, io } = await revoke(`${token}\n`);
  expect(code).toBe(0);
  expect(io.out()).toBe(
    `✓ revoked at ${sandbox.urls.oauth}/oauth/revoke: the token no longer works.\n`,
  );
  expect(io.err()).toBe('');
  expect(await selfActive(token)).toBe(false);
  expect(sandbox.admin.revokedTokens()).toContainEqual(
    expect.objectContaining({ tokenId: sandbox.admin.tokenId(token), via: 'endpoint' }),
  );
  expect(io.all()).not.toContain(token);
});

it('when the token is unknown or revoked already, then --json says already_gone and exit 0', async () => {
  const token = freshToken();
  sandbox.admin.revokeToken(token);
  const { code, io } = await revoke(token, ['--json']);
  expect(code).toBe(0);
  expect(JSON.parse(io.out())).toMatchObject({
    command: 'revoke-token',
    outcome: 'ok',
    result: { state: 'already_gone', tokenLength: token.length },
  });
  expect(io.all()).not.toContain(token);
});

it('when Attio answers 503, then exit 3 and the message says the token may still be live', async () => {
  const token = freshToken();
  sandbox.admin.setFaults([{ path: '/oauth/revoke', status: 503, times: 1 }]);
  const { code, io } = await revoke(token);
  expect(code).toBe(3);
  expect(io.out()).toBe('');
  expect(io.err()).toMatch(
    /^attio-auth: error: .+ The token may still be live: run revoke-token again\.\n$/,
  );
  expect(io.all()).not.toContain(token);
  expect(await selfActive(token)).toBe(true);
});

it('when nothing listens at ATTIO_REVOKE_URL, then exit 3', async () => {
  const token = freshToken();
  const { code, io } = await revoke(token, [], `${await closedPortUrl()}/oauth/revoke`);
  expect(code).toBe(3);
  expect(io.all()).not.toContain(token);
});

it('when stdin is empty, holds two words, or the token is passed as an argument, then exit 64 and nothing is sent', async () => {
  const before = sandbox.admin.counters().revoke.requests;
  const empty = await revoke('');
  expect(empty.code).toBe(64);
  expect(empty.io.err()).toContain('revoke-token reads the token from stdin');
  const two = await revoke('abc def');
  expect(two.code).toBe(64);
  const token = freshToken();
  const io = captureIo({ env: {}, cwd });
  expect(await run(['revoke-token', token], io)).toBe(64);
  expect(io.err()).toBe(
    `attio-auth: error: unexpected an argument of ${token.length} characters after "revoke-token": the token is read from stdin, never from the command line.\n`,
  );
  expect(io.all()).not.toContain(token);
  expect(sandbox.admin.counters().revoke.requests).toBe(before);
});
