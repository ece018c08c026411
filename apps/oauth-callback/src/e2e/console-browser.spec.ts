import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';
import { startIdentityProvider } from '../testing/identity-provider.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = process.env['REQUIRE_BROWSER'] === '1';
const SCREENSHOTS = resolve(__dirname, '../../../../tmp/console-screenshots');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const MINUTE = 60_000;

// Chromium, a real OpenID provider and the service on the shared machine: tens of seconds per test.
jest.setTimeout(120_000);

if (!available && required) {
  describe(`admin console in a browser (REQUIRE_BROWSER=1, Chromium not found at ${CHROMIUM})`, () => {
    it('when the browser is required, then Chromium must be installed', () => {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM} and REQUIRE_BROWSER=1: apt-get install -y chromium`,
      );
    });
  });
}

/** axe-core, injected into the page (the real library), run over the whole document. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(): Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    return (await axe.run()).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
    }));
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes} nodes)`);
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}

(available ? describe : describe.skip)(
  available
    ? 'admin console in a browser (Chromium, oidc-provider)'
    : `skipped: Chromium not found at ${CHROMIUM}`,
  () => {
    let sandbox: Sandbox;
    let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
    let service: CallbackHarness;
    let browser: Browser;
    let clockOffset = 0;
    const installed = () => sandbox.fixtures.workspaces[1]?.id ?? '';

    beforeAll(async () => {
      sandbox = await startSandbox({ rateLimit: false });
      idp = await startIdentityProvider();
      service = await startCallbackHarness({
        sandbox,
        env: {
          ...idp.consoleEnv(),
          CONSOLE_SESSION_IDLE_MINUTES: '30',
          CONSOLE_SESSION_MAX_MINUTES: '60',
        },
        now: () => Date.now() + clockOffset,
      });
      await idp.register(service.config.admin.console?.redirectUri ?? '');
      const { store } = service;
      // 55 connections: more than one page of 50; names a spreadsheet or a browser must not run.
      for (let i = 0; i < 55; i += 1) {
        const id = `ws_${String(i).padStart(3, '0')}`;
        await store.saveConnection({
          workspaceId: id,
          workspaceName:
            i === 1
              ? '=HYPERLINK("http://evil.test","x")'
              : i === 2
                ? '<script>alert(1)</script>'
                : `Workspace ${i}`,
          scopes: ['record_permission:read'],
          token: `seeded-token-${i}`,
          owner: {
            displayName: i % 2 === 0 ? 'Growth team' : 'Sales team',
            tags: { team: i % 2 === 0 ? 'growth' : 'sales' },
          },
        });
      }
      const checkedAt = new Date();
      await store.record([
        {
          workspaceId: 'ws_003',
          result: { status: 'revoked', checkedAt, errorCode: 'ATTIO_UNAUTHORIZED' },
        },
        {
          workspaceId: 'ws_004',
          result: {
            status: 'under_scoped',
            checkedAt,
            missingScopes: ['object_configuration:read'],
          },
        },
        { workspaceId: 'ws_005', result: { status: 'healthy', checkedAt } },
      ]);
      // One connection with a real sandbox token, for the revoke and delete actions.
      await store.saveConnection({
        workspaceId: installed(),
        workspaceName: 'Globex Sandbox',
        scopes: [],
        token: sandbox.admin.createToken({ workspaceId: installed(), scopes: [] }),
      });
      // A dead letter to replay: one event, one destination, given up on.
      await store.fanOutEvents({
        limit: 100,
        destinations: [{ id: 'hooks', matches: (e) => e.workspaceId === 'ws_003' }],
      });
      const [leased] = await store.leaseDeliveries({
        owner: 'test',
        limit: 1,
        leaseMs: MINUTE,
        destinationIds: ['hooks'],
      });
      if (!leased) throw new Error('expected a delivery to lease');
      await store.recordDelivery(leased.delivery.eventId, 'hooks', 'test', {
        outcome: 'dead',
        status: 500,
        error: 'HTTP 500',
        at: new Date(),
      });
      // The health checker's last round, as token-health records it at the end of a round.
      await store.recordRound({
        owner: 'checker-host-1',
        kind: 'round',
        startedAt: new Date('2026-03-01T10:00:00.000Z'),
        finishedAt: new Date('2026-03-01T10:04:05.000Z'),
        checked: 3,
        counts: { healthy: 1, revoked: 1, under_scoped: 1 },
        seenHealthy: 2,
        interrupted: true,
        exitCode: 1,
      });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
    });
    afterAll(async () => {
      await browser?.close();
      await service?.close();
      await idp?.close();
      await sandbox?.close();
    });
    beforeEach(() => {
      clockOffset = 0;
    });

    /** Opens `path`, follows the sign-in link through the provider's login and consent pages. */
    async function signIn(
      context: BrowserContext,
      login: string,
      path = '/admin/console',
    ): Promise<Page> {
      const page = await context.newPage();
      const first = await page.goto(`${service.url}${path}`);
      expect(first?.status()).toBe(401);
      await page.getByRole('link', { name: 'Sign in' }).click();
      await page.waitForURL(`${idp.issuer}/**`);
      await page.fill('input[name=login]', login);
      await page.fill('input[name=password]', 'any');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${service.url}/admin/console**`);
      return page;
    }

    it('when an admin signs in, then the overview shows the counts, the session cookie is locked down, and axe finds nothing serious', async () => {
      const context = await browser.newContext();
      try {
        const page = await signIn(context, 'boss');
        expect(page.url()).toBe(`${service.url}/admin/console`);
        expect(await page.locator('#signed-in-as').textContent()).toBe('boss@example.com');
        expect(await page.locator('#role').textContent()).toBe('admin');
        expect(await page.locator('#count-total').textContent()).toBe('56');
        expect(await page.locator('#count-broken').textContent()).toBe('2');
        expect(await page.locator('#deliveries-failing').textContent()).toBe('1');
        expect(await page.locator('#chart-title').textContent()).toContain('revoked: 1');
        // The health history's counts over time: 28 periods, the last one counting now.
        expect(await page.locator('#trend-table tbody tr').count()).toBe(28);
        expect(await page.locator('#trend-title').textContent()).toContain(
          'latest: unknown 53, healthy 1, revoked 1, under scoped 1',
        );
        // The health checker's last round, label by label.
        const round = page.locator('#last-round');
        const labels = await round.locator('dt').allTextContents();
        const values = await round.locator('dd').allTextContents();
        expect(Object.fromEntries(labels.map((l, i) => [l, values[i]]))).toEqual({
          Finished: '2026-03-01 10:04:05 UTC',
          Took: '4 min 5 s',
          Checked: '3',
          Verdicts: '1 healthy, 1 revoked, 1 under scoped',
          'Skipped (seen working)': '2',
          Ended: 'interrupted by a shutdown, exit code 1',
          Checker: 'checker-host-1',
        });
        // The provider's own cookies share the host (127.0.0.1): only the console's are checked.
        const cookies = (await context.cookies(`${service.url}/admin/console`)).filter((c) =>
          c.name.startsWith('attio_'),
        );
        expect(
          cookies.map((c) => ({
            name: c.name,
            httpOnly: c.httpOnly,
            sameSite: c.sameSite,
            path: c.path,
          })),
        ).toEqual([
          { name: 'attio_console', httpOnly: true, sameSite: 'Lax', path: '/admin/console' },
        ]);
        expect(await seriousViolations(page)).toEqual([]);
        await shoot(page, 'overview');
      } finally {
        await context.close();
      }
    });

    it('when an admin filters and pages the connections, then the table follows and the CSV neutralises formulas', async () => {
      const context = await browser.newContext();
      try {
        const page = await signIn(context, 'boss', '/admin/console/connections');
        expect(page.url()).toBe(`${service.url}/admin/console/connections`);
        expect(await page.locator('#connections tbody tr').count()).toBe(50);
        expect(await seriousViolations(page)).toEqual([]);
        await shoot(page, 'connections');
        await page.getByRole('link', { name: 'Next page' }).click();
        expect(await page.locator('#connections tbody tr').count()).toBe(6);
        await page.selectOption('#f-status', 'under_scoped');
        await page.getByRole('button', { name: 'Filter' }).click();
        expect(await page.locator('#connections tbody tr th a').allTextContents()).toEqual([
          'Workspace 4',
        ]);
        expect(await page.locator('#connections tbody tr td').nth(4).textContent()).toBe(
          'object_configuration:read',
        );
        await page.goto(`${service.url}/admin/console/connections?tag=team%3Dsales&q=script`);
        expect(await page.locator('#connections tbody tr th a').allTextContents()).toEqual([]);
        await page.goto(`${service.url}/admin/console/connections?tag=team%3Dgrowth&q=SCRIPT`);
        expect(await page.locator('#connections tbody tr th a').allTextContents()).toEqual([
          '<script>alert(1)</script>',
        ]);
        const csv = await context.request.get(
          `${service.url}/admin/console/connections.csv?q=hyperlink`,
        );
        expect(csv.status()).toBe(200);
        expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
        const lines = (await csv.text()).split('\r\n');
        expect(lines[1]).toBe(
          `ws_001,"'=HYPERLINK(""http://evil.test"",""x"")",,unknown,,,,Sales team,team=sales,`,
        );
        expect(lines).toHaveLength(3);
      } finally {
        await context.close();
      }
    });

    it('when an admin revokes, deletes and restores a connection and creates a reconnect link, then each is confirmed first and done', async () => {
      const context = await browser.newContext();
      try {
        const page = await signIn(context, 'boss', `/admin/console/connections/${installed()}`);
        expect(await page.locator('h1').textContent()).toBe('Globex Sandbox');
        expect(await seriousViolations(page)).toEqual([]);
        await shoot(page, 'connection');
        const token = (await service.store.getToken(installed())) ?? '';

        await page.getByRole('link', { name: 'Create reconnect link' }).click();
        expect(await page.locator('#confirm-question').textContent()).toBe(
          'Create a reconnect link for Globex Sandbox?',
        );
        await page.getByRole('button', { name: 'Create reconnect link' }).click();
        const link = await page.getByLabel('Reconnect link (select and copy)').inputValue();
        expect(link).toMatch(new RegExp(`^${service.url}/install/s/[A-Za-z0-9_-]{43}$`));
        await shoot(page, 'reconnect-link');
        await page.getByRole('link', { name: 'Back to the connection' }).click();

        await page.getByRole('link', { name: 'Revoke token at Attio' }).click();
        expect(await seriousViolations(page)).toEqual([]);
        await shoot(page, 'confirm-revoke');
        await page.getByRole('button', { name: 'Revoke token at Attio' }).click();
        expect(await page.locator('#message').textContent()).toBe('Attio revoked the token.');
        expect(sandbox.admin.revokedTokens().map((r) => r.tokenId)).toContain(
          sandbox.admin.tokenId(token),
        );
        await page.getByRole('link', { name: 'Back to the connection' }).click();
        expect(await page.locator('#h-events + table code').first().textContent()).toBe(
          'connection.token_revoked',
        );

        await page.getByRole('link', { name: 'Delete connection' }).click();
        await page.getByRole('button', { name: 'Delete connection' }).click();
        expect(await page.locator('h1').textContent()).toBe('Connection deleted');
        expect((await service.store.getConnection(installed()))?.deleted).not.toBeNull();
        await page.getByRole('link', { name: 'Back to the connection' }).click();
        expect(await page.locator('#deleted-badge').count()).toBe(1);

        await page.getByRole('link', { name: 'Restore connection' }).click();
        await page.getByRole('button', { name: 'Restore connection' }).click();
        expect(await page.locator('h1').textContent()).toBe('Connection restored');
        expect((await service.store.getConnection(installed()))?.deleted).toBeNull();
        const audit = service.logs
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .filter((l) => l['msg'] === 'console action');
        expect(audit.map((l) => [l['action'], l['sub']])).toEqual([
          ['reconnect-link', 'boss'],
          ['revoke-token', 'boss'],
          ['delete', 'boss'],
          ['restore', 'boss'],
        ]);
        expect(service.logs.join('\n')).not.toContain(token);
      } finally {
        await context.close();
      }
    });

    it('when an admin replays a dead letter from the events page, then its delivery is pending again', async () => {
      const context = await browser.newContext();
      try {
        const page = await signIn(context, 'boss', '/admin/console/events');
        expect(await page.locator('table tbody tr').count()).toBe(1);
        expect(await seriousViolations(page)).toEqual([]);
        await shoot(page, 'events');
        await page.getByRole('link', { name: 'Replay' }).click();
        await page.getByRole('button', { name: 'Replay event' }).click();
        expect(await page.locator('#message').textContent()).toBe(
          '1 deliveries are pending again.',
        );
        expect((await service.store.countDeliveries()).dead).toBe(0);
      } finally {
        await context.close();
      }
    });

    it('when a viewer signs in, then every page reads, no action is offered, and an action posted anyway is refused', async () => {
      const context = await browser.newContext();
      try {
        const page = await signIn(context, 'ana', '/admin/console/connections/ws_003');
        expect(await page.locator('#role').textContent()).toBe('viewer');
        expect(await page.locator('#viewer-note').count()).toBe(1);
        expect(
          await page.locator('#status-changes tbody tr td:nth-child(4)').allTextContents(),
        ).toEqual(['ATTIO_UNAUTHORIZED', 'installed']);
        expect(await page.locator('#timeline-title').textContent()).toContain(
          '2 change(s), now revoked',
        );
        expect(await page.getByRole('link', { name: 'Delete connection' }).count()).toBe(0);
        expect(await seriousViolations(page)).toEqual([]);
        await shoot(page, 'connection-viewer');
        const csrf = await page.locator('input[name=csrf]').first().inputValue();
        const refused = await context.request.post(
          `${service.url}/admin/console/connections/ws_003/delete`,
          { form: { csrf } },
        );
        expect(refused.status()).toBe(403);
        expect(await refused.text()).toContain('CONSOLE_FORBIDDEN');
        expect(
          (
            await context.request.get(
              `${service.url}/admin/console/connections/ws_003/confirm/delete`,
            )
          ).status(),
        ).toBe(403);
        expect((await service.store.getConnection('ws_003'))?.deleted).toBeNull();
        for (const path of [
          '/admin/console',
          '/admin/console/connections',
          '/admin/console/events',
        ]) {
          expect((await page.goto(`${service.url}${path}`))?.status()).toBe(200);
          expect(await page.locator('#role').textContent()).toBe('viewer');
        }
      } finally {
        await context.close();
      }
    });

    it('when a form posts a missing or wrong CSRF token, then it is refused and nothing changes', async () => {
      const context = await browser.newContext();
      try {
        const page = await signIn(context, 'boss');
        for (const form of [{}, { csrf: 'forged' }] as Record<string, string>[]) {
          const refused = await context.request.post(
            `${service.url}/admin/console/connections/ws_006/delete`,
            { form },
          );
          expect(refused.status()).toBe(403);
          expect(await refused.text()).toContain('CONSOLE_CSRF_INVALID');
        }
        expect((await service.store.getConnection('ws_006'))?.deleted).toBeNull();
        await page.goto(`${service.url}/admin/console/connections/ws_006/confirm/delete`);
        await shoot(page, 'confirm-delete');
      } finally {
        await context.close();
      }
    });

    it('when the session is idle past its timeout, or older than its maximum, then the next page asks to sign in again', async () => {
      const context = await browser.newContext();
      try {
        const page = await signIn(context, 'boss');
        clockOffset = 29 * MINUTE;
        expect((await page.reload())?.status()).toBe(200);
        clockOffset = 58 * MINUTE;
        expect((await page.reload())?.status()).toBe(200);
        // Active all along, but 61 minutes after sign-in: CONSOLE_SESSION_MAX_MINUTES=60.
        clockOffset = 61 * MINUTE;
        expect((await page.reload())?.status()).toBe(401);
        expect(await page.locator('h1').textContent()).toBe('Session expired');
        expect(await seriousViolations(page)).toEqual([]);
        await shoot(page, 'session-expired');
      } finally {
        await context.close();
      }
      clockOffset = 0;
      const fresh = await browser.newContext();
      try {
        const again = await signIn(fresh, 'boss');
        clockOffset = 31 * MINUTE;
        expect((await again.reload())?.status()).toBe(401);
        expect(await again.locator('h1').textContent()).toBe('Session expired');
      } finally {
        await fresh.close();
      }
    });

    it('when someone outside the allowed domains signs in, then the console refuses them and sets no session', async () => {
      const context = await browser.newContext();
      try {
        const page = await signIn(context, 'eve');
        expect(await page.locator('h1').textContent()).toBe('Not allowed');
        expect(await page.locator('#message').textContent()).toContain('CONSOLE_NOT_ALLOWED');
        const cookies = await context.cookies(`${service.url}/admin/console`);
        expect(cookies.filter((c) => c.name.startsWith('attio_'))).toEqual([]);
        await shoot(page, 'not-allowed');
      } finally {
        await context.close();
      }
    });

    it('when a signed-out visitor opens the sign-in page, then it is accessible', async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        expect((await page.goto(`${service.url}/admin/console/events`))?.status()).toBe(401);
        expect(await page.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(
          '/admin/console/login?returnTo=%2Fadmin%2Fconsole%2Fevents',
        );
        expect(await seriousViolations(page)).toEqual([]);
        await shoot(page, 'sign-in');
      } finally {
        await context.close();
      }
    });
  },
);
