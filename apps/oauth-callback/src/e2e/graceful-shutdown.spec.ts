import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { approve } from '@attio-auth/attio-sandbox/testing';

import { startCallbackHarness } from '../testing/callback-harness.js';
import { CookieJar } from '../testing/cookie-jar.js';
import { beginInstall, followCallback } from '../testing/install-driver.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

describe('graceful shutdown', () => {
  let sandbox: Sandbox;
  // The sandbox's fault latency waits on this sleep: it tells the test that a request is being held
  // and holds it until the test releases it, so "in flight" is a fact rather than a timing guess.
  let held: () => void = () => undefined;
  let requestHeld: Promise<void>;
  let release: () => void = () => undefined;
  const holdingSleep = () =>
    new Promise<void>((resolve) => {
      release = resolve;
      held();
    });

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false, sleep: holdingSleep });
  });
  afterAll(() => sandbox.close());

  it('when the service closes during a callback, then that install completes and new connections are refused', async () => {
    const service = await startCallbackHarness({ sandbox });
    const jar = new CookieJar();
    const callbackUrl = await approve(await beginInstall(service.url, jar));
    // The token endpoint holds the exchange, so the callback is still in flight when close() starts.
    requestHeld = new Promise<void>((resolve) => {
      held = resolve;
    });
    sandbox.admin.setFaults([{ path: '/oauth/token', latencyMs: 300 }]);
    const inFlight = followCallback(callbackUrl, jar, { accept: 'application/json' });
    await requestHeld;
    const closing = service.close();
    release();
    const result = await inFlight;
    await closing;
    sandbox.admin.clearFaults();
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({
      status: 'installed',
      workspace: { name: 'Acme Sandbox' },
    });
    await expect(fetch(`${service.url}/healthz`)).rejects.toThrow('fetch failed');
  });
});
