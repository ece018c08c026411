import { REMEDIES } from '@attio-auth/attio-errors';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';

import { SERVICE_FAILURES } from '../failures/service-failure-codes.js';
import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { runInstall } from '../testing/install-driver.js';
import { storeDrivers } from '../testing/test-databases.js';

// Real sockets, a real store and the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

interface ErrorJson {
  error: { code: string; title: string; cause: string; action: string; missingScopes?: string[] };
}

for (const target of storeDrivers()) {
  const suite = target.mode === 'skip' ? describe.skip : describe;
  suite(`failures caused by Attio ${target.title}`, () => {
    if (target.mode === 'fail') {
      it('when PostgreSQL is required, then it must be reachable', () => {
        throw new Error(`${target.title}: start PostgreSQL or set TEST_DATABASE_URL`);
      });
      return;
    }
    let sandbox: Sandbox;
    const services: CallbackHarness[] = [];

    async function service(
      env: Record<string, string> = {},
      fetchImpl?: typeof fetch,
    ): Promise<CallbackHarness> {
      const started = await startCallbackHarness({
        sandbox,
        driver: target.driver,
        env: { ATTIO_TIMEOUT_MS: '500', ...env },
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      });
      services.push(started);
      return started;
    }

    async function failedInstall(svc: CallbackHarness, decision: 'approve' | 'deny' = 'approve') {
      const { result } = await runInstall(svc.url, { decision, accept: 'application/json' });
      expect(await svc.store.countConnections()).toBe(0);
      return { status: result.status, body: JSON.parse(result.body) as ErrorJson };
    }

    beforeAll(async () => {
      sandbox = await startSandbox({ rateLimit: false });
    });
    afterEach(() => sandbox.admin.clearFaults());
    afterAll(async () => {
      for (const s of services) await s.close();
      await sandbox?.close();
    });

    it('when the user clicks Deny, then 403 ATTIO_OAUTH_ACCESS_DENIED telling them how to try again', async () => {
      const { status, body } = await failedInstall(await service(), 'deny');
      expect(status).toBe(403);
      expect(body.error).toMatchObject({
        code: 'ATTIO_OAUTH_ACCESS_DENIED',
        title: 'The install was cancelled',
        cause: "You chose not to allow access on Attio's page, so nothing was installed.",
        action: 'If that was a mistake, start the install again and choose Allow.',
      });
    });

    it('when Deny is shown as a page, then the page names the code and the remedy', async () => {
      const { result } = await runInstall((await service()).url, { decision: 'deny' });
      expect(result.status).toBe(403);
      expect(result.body).toContain('<code id="error-code">ATTIO_OAUTH_ACCESS_DENIED</code>');
      expect(result.body).toContain('<h1>The install was cancelled</h1>');
    });

    it('when the token endpoint refuses the client, then 502 ATTIO_OAUTH_INVALID_CLIENT (exchange failed)', async () => {
      const svc = await service({ ATTIO_CLIENT_SECRET: 'not-the-secret' });
      const { status, body } = await failedInstall(svc);
      expect(status).toBe(502);
      expect(body.error.code).toBe('ATTIO_OAUTH_INVALID_CLIENT');
      // The person installing cannot fix the client secret: the page says try later, the log says why.
      expect(body.error.action).toMatch(/^Please try again later\. .*contact support/);
      expect(JSON.stringify(body)).not.toContain('client');
      expect(svc.logs.join('\n')).toContain(REMEDIES.ATTIO_OAUTH_INVALID_CLIENT.action);
    });

    it('when the token endpoint resets the connection, then 503 ATTIO_CONNECTION (Attio unreachable)', async () => {
      const svc = await service();
      sandbox.admin.setFaults([{ path: '/oauth/token', reset: true }]);
      const { status, body } = await failedInstall(svc);
      expect(status).toBe(503);
      expect(body.error.code).toBe('ATTIO_CONNECTION');
      expect(body.error.title).toBe('Attio could not be reached');
    });

    it('when the token endpoint never answers, then 504 ATTIO_TIMEOUT after ATTIO_TIMEOUT_MS', async () => {
      const svc = await service();
      sandbox.admin.setFaults([{ path: '/oauth/token', hang: true }]);
      const { status, body } = await failedInstall(svc);
      expect(status).toBe(504);
      expect(body.error.code).toBe('ATTIO_TIMEOUT');
    });

    it('when /v2/self is down (503), then 502 ATTIO_SERVER_ERROR and nothing is stored', async () => {
      const svc = await service();
      sandbox.admin.setFaults([{ path: '/v2/*', status: 503 }]);
      const { status, body } = await failedInstall(svc);
      expect(status).toBe(502);
      expect(body.error.code).toBe('ATTIO_SERVER_ERROR');
    });

    it('when /v2/self says the new token is inactive, then 502 ATTIO_TOKEN_INACTIVE', async () => {
      // Real fetch; it revokes the new token at the sandbox between the exchange and /v2/self.
      const revoking: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (String(input).endsWith('/oauth/token') && res.ok) {
          sandbox.admin.revokeToken(
            ((await res.clone().json()) as { access_token: string }).access_token,
          );
        }
        return res;
      };
      const svc = await service({}, revoking);
      const { status, body } = await failedInstall(svc);
      expect(status).toBe(502);
      expect(body.error).toMatchObject({
        code: 'ATTIO_TOKEN_INACTIVE',
        cause: 'The install could not be finished just now; nothing was saved.',
      });
      expect(svc.logs.join('\n')).toContain(REMEDIES.ATTIO_TOKEN_INACTIVE.cause);
    });

    it('when the grant lacks required scopes, then 403 INSTALL_SCOPES_MISSING listing them, and nothing is stored', async () => {
      const svc = await service({
        ATTIO_REQUIRED_SCOPES:
          'object_configuration:read record_permission:read-write note:read-write',
      });
      const { status, body } = await failedInstall(svc);
      expect(status).toBe(403);
      expect(body.error).toEqual({
        code: 'INSTALL_SCOPES_MISSING',
        title: SERVICE_FAILURES.INSTALL_SCOPES_MISSING.title,
        cause: SERVICE_FAILURES.INSTALL_SCOPES_MISSING.cause,
        action: SERVICE_FAILURES.INSTALL_SCOPES_MISSING.action,
        missingScopes: ['record_permission:read-write', 'note:read-write'],
        requestId: expect.any(String),
      });
      const page = await runInstall(svc.url);
      expect(page.result.body).toContain(
        '<ul id="missing-scopes"><li><code>record_permission:read-write</code></li><li><code>note:read-write</code></li></ul>',
      );
    });
  });
}
