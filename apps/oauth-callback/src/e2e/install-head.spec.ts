import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { approve } from '@attio-auth/attio-sandbox/testing';

import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { CookieJar } from '../testing/cookie-jar.js';
import { beginInstall, followCallback } from '../testing/install-driver.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

describe('HEAD on the install routes (a link scanner previewing the links)', () => {
  let sandbox: Sandbox;
  let service: CallbackHarness;
  let clock = Date.now();

  beforeEach(async () => {
    clock = Date.now();
    sandbox = await startSandbox({ rateLimit: false });
    service = await startCallbackHarness({ sandbox, now: () => clock });
  });
  afterEach(async () => {
    await service?.close();
    await sandbox?.close();
  });

  it('when /install is sent HEAD, then 405 with Allow: GET, no cookie and no state stored', async () => {
    const res = await fetch(`${service.url}/install`, { method: 'HEAD', redirect: 'manual' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.getSetCookie()).toEqual([]);
    // Every stored state would be purged once past its expiry: none was stored.
    clock += 3_600_000;
    expect(await service.store.purgeExpiredStates()).toBe(0);
  });

  it('when the callback URL is sent HEAD first, then 405 and the GET that follows still installs', async () => {
    const jar = new CookieJar();
    const callbackUrl = await approve(await beginInstall(service.url, jar));
    const head = await fetch(callbackUrl, {
      method: 'HEAD',
      headers: { cookie: jar.header(callbackUrl) },
      redirect: 'manual',
    });
    expect(head.status).toBe(405);
    expect(head.headers.get('allow')).toBe('GET');
    expect(head.headers.getSetCookie()).toEqual([]);
    const res = await followCallback(callbackUrl, jar, { accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(await service.store.countConnections()).toBe(1);
  });
});
