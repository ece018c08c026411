import { existsSync } from 'node:fs';

import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { chromium, type Browser } from 'playwright-core';

import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = process.env['REQUIRE_BROWSER'] === '1';

// Launching Chromium and clicking through the install takes tens of seconds on the shared machine.
jest.setTimeout(60_000);

if (!available && required) {
  describe(`real browser install (REQUIRE_BROWSER=1, Chromium not found at ${CHROMIUM})`, () => {
    it('when the browser is required, then Chromium must be installed', () => {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM} and REQUIRE_BROWSER=1: apt-get install -y chromium`,
      );
    });
  });
}

(available ? describe : describe.skip)(
  available ? 'real browser install (Chromium)' : `skipped: Chromium not found at ${CHROMIUM}`,
  () => {
    let sandbox: Sandbox;
    let service: CallbackHarness;
    let browser: Browser;

    beforeAll(async () => {
      sandbox = await startSandbox({ rateLimit: false });
      service = await startCallbackHarness({ sandbox });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
    });
    afterAll(async () => {
      await browser?.close();
      await service?.close();
      await sandbox?.close();
    });

    it('when the user opens /install and clicks Approve, then the success page names the workspace', async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${service.url}/install`);
        expect(new URL(page.url()).origin).toBe(new URL(sandbox.urls.oauth).origin);
        expect(await page.locator('#app-name').textContent()).toBe(sandbox.fixtures.oauthApp.name);
        const [cookie] = await context.cookies(`${service.url}/oauth/callback`);
        expect(cookie).toMatchObject({
          name: expect.stringMatching(/^attio_install_[A-Za-z0-9_-]{16}$/),
          httpOnly: true,
          sameSite: 'Lax',
          path: '/oauth/callback',
        });

        await page.getByRole('button', { name: 'Approve' }).click();
        await page.waitForURL(`${service.url}/oauth/callback?**`);
        expect(await page.locator('#workspace-name').textContent()).toBe('Acme Sandbox');
        expect(await page.title()).toBe('Connected to Acme Sandbox · attio-auth');
        expect(await context.cookies(`${service.url}/oauth/callback`)).toEqual([]);
        const stored = await service.store.getConnection(sandbox.fixtures.workspaces[0]?.id ?? '');
        expect(stored?.workspaceName).toBe('Acme Sandbox');
      } finally {
        await context.close();
      }
    });

    it('when the user starts from the landing page, then consent leads to a success page naming the app', async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${service.url}/`);
        expect(await page.locator('#app-name').textContent()).toBe('attio-auth');
        await page.getByRole('link', { name: 'Install with Attio' }).click();
        await page.waitForURL(`${sandbox.urls.oauth}/**`);
        await page.getByRole('button', { name: 'Approve' }).click();
        await page.waitForURL(`${service.url}/oauth/callback?**`);
        expect(await page.locator('#installed-app').textContent()).toBe('attio-auth');
        expect(await page.locator('#app-name').textContent()).toBe('attio-auth');
        expect(await page.locator('#workspace-name').textContent()).toBe('Acme Sandbox');
      } finally {
        await context.close();
      }
    });

    it('when two tabs of one browser install at once, then both installs succeed', async () => {
      const context = await browser.newContext();
      try {
        const [first, second] = [await context.newPage(), await context.newPage()];
        // Both consent pages are open before either tab approves: two install cookies at once.
        await first.goto(`${service.url}/install`);
        await second.goto(`${service.url}/install`);
        expect(await context.cookies(`${service.url}/oauth/callback`)).toHaveLength(2);
        await second.selectOption('#workspace_id', { label: 'Globex Sandbox (globex-sandbox)' });
        await Promise.all([
          second.getByRole('button', { name: 'Approve' }).click(),
          first.getByRole('button', { name: 'Approve' }).click(),
        ]);
        await Promise.all([
          first.waitForURL(`${service.url}/oauth/callback?**`),
          second.waitForURL(`${service.url}/oauth/callback?**`),
        ]);
        expect(await first.locator('#workspace-name').textContent()).toBe('Acme Sandbox');
        expect(await second.locator('#workspace-name').textContent()).toBe('Globex Sandbox');
        expect(await context.cookies(`${service.url}/oauth/callback`)).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('when the user picks the other workspace, then that workspace is connected', async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${service.url}/install`);
        await page.selectOption('#workspace_id', { label: 'Globex Sandbox (globex-sandbox)' });
        await page.getByRole('button', { name: 'Approve' }).click();
        await page.waitForURL(`${service.url}/oauth/callback?**`);
        expect(await page.locator('#workspace-name').textContent()).toBe('Globex Sandbox');
      } finally {
        await context.close();
      }
    });

    it('when the user clicks Deny, then the failure page explains the cancelled install', async () => {
      const before = await service.store.countConnections();
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${service.url}/install`);
        await page.getByRole('button', { name: 'Deny' }).click();
        await page.waitForURL(`${service.url}/oauth/callback?**`);
        expect(await page.locator('h1').textContent()).toBe('The install was cancelled');
        expect(await page.locator('#error-code').textContent()).toBe('ATTIO_OAUTH_ACCESS_DENIED');
        expect(await page.locator('a.button').getAttribute('href')).toBe('/install');
        expect(await service.store.countConnections()).toBe(before);
      } finally {
        await context.close();
      }
    });
  },
);
