import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { sandboxEnv } from '@attio-auth/attio-sandbox/testing';
import { generateKeyRingEntry } from '@attio-auth/connection-store';

import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startService, type RunningService } from '../service.js';

const ADMIN_TOKEN = 'Qm9vdHN0cmFwLWFkbWluLXRva2VuLTEyMzQ1Njc4OTA=';

describe('ADMIN_PORT: a separate listener for /admin', () => {
  let sandbox: Sandbox;
  let service: RunningService;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    dir = mkdtempSync(join(tmpdir(), 'admin-listener-'));
    const config = loadConfig(
      sandboxEnv(sandbox, {
        PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
        PORT: '0',
        ADMIN_PORT: '0',
        ADMIN_HOST: '127.0.0.1',
        DATA_DIR: dir,
        TOKEN_ENCRYPTION_KEYS: generateKeyRingEntry('t1'),
        ADMIN_TOKEN,
        LOG_LEVEL: 'silent',
      }),
    );
    service = await startService(config, createLogger(config.log), { processMetrics: false });
  });
  afterAll(async () => {
    await service?.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when ADMIN_PORT is set, then the admin API answers there and not on PORT', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    expect(service.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(service.adminUrl).not.toBe(service.url);
    const there = await fetch(`${service.adminUrl}/admin/connections`, { headers: auth });
    expect([there.status, await there.json()]).toEqual([200, { data: [], nextAfter: null }]);
    const public_ = await fetch(`${service.url}/admin/connections`, { headers: auth });
    expect(public_.status).toBe(404);
    // PORT does not know /admin at all: the service's own 404 page.
    expect(public_.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('when ADMIN_PORT is set, then /install stays on PORT only and the probes answer on both', async () => {
    expect((await fetch(`${service.adminUrl}/install`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${service.url}/install`, { redirect: 'manual' })).status).toBe(302);
    expect((await fetch(`${service.adminUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });
});
