import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { closedPortUrl } from '@attio-auth/attio-core/testing';
import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
  type ConnectionStore,
} from '@attio-auth/connection-store';

import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import { revokeRefusedToken } from './revoke-refused-token.js';

const TOKEN = 'refused-token-never-logged-0123456789';

describe('revokeRefusedToken', () => {
  let dir: string;
  let store: ConnectionStore;
  let lines: string[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'refused-'));
    store = await openConnectionStore({
      databaseUrl: `sqlite:${join(dir, 'c.sqlite')}`,
      keyRing: parseKeyRing(generateKeyRingEntry('k1')),
    });
    lines = [];
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const logger = () =>
    createLogger(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );

  async function run(revokeUrl: string) {
    const metrics = createMetrics();
    const started = performance.now();
    await revokeRefusedToken({
      token: TOKEN,
      workspaceId: 'ws_1',
      refusal: 'INSTALL_SCOPES_MISSING',
      revokeUrl,
      queue: store,
      logger: logger(),
      metrics,
      requestId: 'req-1',
      timeoutMs: 1_000,
    });
    return { metrics: await metrics.registry.metrics(), ms: performance.now() - started };
  }

  it('when Attio cannot be reached, then the token is queued with reason install_refused', async () => {
    const { metrics, ms } = await run(`${await closedPortUrl()}/oauth/revoke`);
    expect(ms).toBeLessThan(5_000);
    expect(await store.listRevocations()).toEqual([
      expect.objectContaining({ workspaceId: 'ws_1', reason: 'install_refused', state: 'pending' }),
    ]);
    expect(metrics).toContain('oauth_callback_refused_token_revocations_total{outcome="queued"} 1');
    expect(lines.join('')).not.toContain(TOKEN);
  });

  it('when the queue fails too, then it does not throw, counts it lost and logs an error', async () => {
    await store.close();
    const { metrics } = await run(`${await closedPortUrl()}/oauth/revoke`);
    expect(metrics).toContain('oauth_callback_refused_token_revocations_total{outcome="lost"} 1');
    expect(lines.join('')).toContain('revoke it by hand');
    expect(lines.join('')).not.toContain(TOKEN);
  });
});
