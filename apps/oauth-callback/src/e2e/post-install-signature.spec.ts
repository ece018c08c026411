import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { verifyPostInstallParams } from '@attio-auth/attio-oauth';

import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { runInstall } from '../testing/install-driver.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

const SIGNING_KEY = 'post-install-signing-key-0123456789abcdef';
const T0 = 1_800_000_000_000;

describe('signed post-install redirect', () => {
  let sandbox: Sandbox;
  let service: CallbackHarness;
  const clock = { now: T0 };

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    service = await startCallbackHarness({
      sandbox,
      now: () => clock.now,
      env: {
        POST_INSTALL_URL: 'https://app.example.com/welcome?from=attio',
        POST_INSTALL_SIGNING_KEY: SIGNING_KEY,
      },
    });
  });
  afterAll(async () => {
    await service?.close();
    await sandbox?.close();
  });

  async function redirectTarget(): Promise<URL> {
    const { result } = await runInstall(service.url);
    expect(result.status).toBe(303);
    return new URL(result.headers.get('location') ?? '');
  }

  it('when POST_INSTALL_SIGNING_KEY is set, then the redirect carries workspace_id, ts and sig the helper accepts', async () => {
    const target = await redirectTarget();
    const workspaceId = sandbox.fixtures.workspaces[0]?.id ?? '';
    expect(`${target.origin}${target.pathname}`).toBe('https://app.example.com/welcome');
    expect([...target.searchParams.keys()]).toEqual(['from', 'workspace_id', 'ts', 'sig']);
    expect(target.searchParams.get('workspace_id')).toBe(workspaceId);
    expect(target.searchParams.get('ts')).toBe(String(T0 / 1000));
    expect(
      verifyPostInstallParams(target.searchParams, { key: SIGNING_KEY, now: () => T0 + 5_000 }),
    ).toEqual({ valid: true, workspaceId, signedAt: new Date(T0) });
  });

  it('when the receiving app gets a tampered workspace_id or an old ts, then the helper rejects it', async () => {
    const target = await redirectTarget();
    const tampered = new URLSearchParams(target.searchParams);
    tampered.set('workspace_id', sandbox.fixtures.workspaces[1]?.id ?? 'ws_other');
    expect(verifyPostInstallParams(tampered, { key: SIGNING_KEY, now: () => T0 })).toMatchObject({
      valid: false,
      reason: 'bad_signature',
    });
    const later = T0 + 301_000;
    expect(
      verifyPostInstallParams(target.searchParams, { key: SIGNING_KEY, now: () => later }),
    ).toMatchObject({ valid: false, reason: 'expired' });
    const refreshed = new URLSearchParams(target.searchParams);
    refreshed.set('ts', String(Math.floor(later / 1000)));
    expect(
      verifyPostInstallParams(refreshed, { key: SIGNING_KEY, now: () => later }),
    ).toMatchObject({ valid: false, reason: 'bad_signature' });
  });

  it('when the log lines of a signed redirect are read, then they hold neither the key nor the signature', async () => {
    const target = await redirectTarget();
    const text = service.logs.join('\n');
    expect(text).not.toContain(SIGNING_KEY);
    expect(text).not.toContain(target.searchParams.get('sig') ?? 'missing');
  });
});
