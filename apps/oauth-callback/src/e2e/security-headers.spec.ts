import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';

import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

describe('security headers by PUBLIC_BASE_URL scheme', () => {
  let sandbox: Sandbox;
  let service: CallbackHarness | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
  });
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('when PUBLIC_BASE_URL is http, then no Strict-Transport-Security and no upgrade-insecure-requests', async () => {
    // The harness listens on plain http and uses that origin as PUBLIC_BASE_URL.
    service = await startCallbackHarness({ sandbox });
    expect(service.config.http.publicBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${service.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('when PUBLIC_BASE_URL is https (behind a TLS proxy), then HSTS and upgrade-insecure-requests are sent', async () => {
    // The service itself still listens on plain http, as it does behind a TLS-terminating proxy.
    service = await startCallbackHarness({
      sandbox,
      env: { PUBLIC_BASE_URL: 'https://install.example.com' },
    });
    const res = await fetch(`${service.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp.split(';').map((d) => d.trim())).toContain('upgrade-insecure-requests');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('when a failure page is served over an http base URL, then it carries no HSTS either', async () => {
    service = await startCallbackHarness({ sandbox });
    const res = await fetch(`${service.url}/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});
