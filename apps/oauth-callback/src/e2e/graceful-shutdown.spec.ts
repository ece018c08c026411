import { defaultSleep } from '@attio-auth/attio-core';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';

import { startCallbackHarness } from '../testing/callback-harness.js';
import { CookieJar } from '../testing/cookie-jar.js';
import {
  beginInstall,
  followCallback,
  openConsent,
  submitConsent,
} from '../testing/install-driver.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

describe('graceful shutdown', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
  });
  afterAll(() => sandbox.close());

  it('when the service closes during a callback, then that install completes and new connections are refused', async () => {
    const service = await startCallbackHarness({ sandbox });
    const jar = new CookieJar();
    const callbackUrl = await submitConsent(
      await openConsent(await beginInstall(service.url, jar)),
      { decision: 'approve' },
    );
    // The token endpoint answers slowly, so the callback is still in flight when close() starts.
    sandbox.admin.setFaults([{ path: '/oauth/token', latencyMs: 300 }]);
    const inFlight = followCallback(callbackUrl, jar, { accept: 'application/json' });
    await defaultSleep(100);
    const closing = service.close();
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
