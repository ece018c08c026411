import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';

import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { CookieJar } from '../testing/cookie-jar.js';
import { beginInstall, followCallback, runInstall } from '../testing/install-driver.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

describe('PUBLIC_BASE_URL with a path prefix (https://example.com/attio/)', () => {
  let sandbox: Sandbox;
  let service: CallbackHarness;

  beforeEach(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    service = await startCallbackHarness({ sandbox, basePath: '/attio/' });
  });
  afterEach(async () => {
    await service?.close();
    await sandbox?.close();
  });

  it('when the service runs under /attio/, then the redirect URI, the install and the callback follow the prefix', async () => {
    const origin = new URL(service.url).origin;
    expect(service.url).toBe(`${origin}/attio`);
    expect(service.config.oauth.redirectUri).toBe(`${origin}/attio/oauth/callback`);

    const jar = new CookieJar();
    const authorize = new URL(await beginInstall(service.url, jar));
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${origin}/attio/oauth/callback`);

    const { result, callbackUrl } = await runInstall(service.url, {
      jar,
      accept: 'application/json',
    });
    expect(new URL(callbackUrl).pathname).toBe('/attio/oauth/callback');
    expect(result.status).toBe(200);
    expect(await service.store.countConnections()).toBe(1);
  });

  it('when the install cookie is set, then its path is the prefixed callback path', async () => {
    const res = await fetch(`${service.url}/install`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/; Path=\/attio\/oauth\/callback;/);
  });

  it('when a callback fails, then the page links to the prefixed /install', async () => {
    const res = await followCallback(`${service.url}/oauth/callback?code=x`, new CookieJar());
    expect(res.status).toBe(400);
    expect(res.body).toContain('href="/attio/install"');
  });

  it('when /install is asked for without the prefix, then 404', async () => {
    const res = await fetch(`${new URL(service.url).origin}/install`, { redirect: 'manual' });
    expect(res.status).toBe(404);
  });
});
