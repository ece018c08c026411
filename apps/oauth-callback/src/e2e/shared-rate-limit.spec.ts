/**
 * Two replicas of the callback service on one Redis (SHARED_LIMITER=redis): the per-IP limit of /install
 * counts across both, so a client cannot get RATE_LIMIT_MAX from each replica in turn.
 */
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { sandboxEnv } from '@attio-auth/attio-sandbox/testing';

import { loadConfig } from '../config.js';
import { openSharedHitLimiter } from '../http/shared-hit-limiter.js';
import { startCallbackHarness, type CallbackHarness } from '../testing/callback-harness.js';

jest.setTimeout(30_000);

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const redisUp =
  spawnSync('redis-cli', ['-u', REDIS_URL, 'ping'], {
    encoding: 'utf8',
    timeout: 5000,
  }).stdout?.trim() === 'PONG';
const required = process.env['REQUIRE_REDIS'] === '1';

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function replicas(): void {
  let sandbox: Sandbox;
  const services: CallbackHarness[] = [];
  const closers: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const env = {
      RATE_LIMIT_MAX: '3',
      RATE_LIMIT_WINDOW_MS: '60000',
      TRUST_PROXY: 'loopback',
      SHARED_LIMITER: 'redis',
      SHARED_LIMITER_URL: REDIS_URL,
      SHARED_LIMITER_INSTANCES: '2',
    };
    const config = loadConfig(
      sandboxEnv(sandbox, {
        PUBLIC_BASE_URL: 'http://127.0.0.1:1',
        TOKEN_ENCRYPTION_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
        ...env,
      }),
    );
    const prefix = `cb_test_${randomInt(1e9)}`;
    for (let i = 0; i < 2; i += 1) {
      const shared = await openSharedHitLimiter(config, silent, prefix);
      if (shared === undefined) throw new Error('SHARED_LIMITER=redis gave no shared limiter');
      closers.push(shared.close);
      services.push(await startCallbackHarness({ sandbox, env, hitLimiter: shared.limiter }));
    }
  });
  afterEach(async () => {
    for (const s of services.splice(0)) await s.close();
    for (const c of closers.splice(0)) await c();
    await sandbox.close();
  });

  const hit = (service: CallbackHarness, ip: string) =>
    fetch(`${service.url}/install`, {
      redirect: 'manual',
      headers: { 'x-forwarded-for': ip, accept: 'application/json' },
    });

  it('when one client alternates between two replicas, then RATE_LIMIT_MAX holds across both and the refusal is 429 RATE_LIMITED', async () => {
    const [a, b] = services as [CallbackHarness, CallbackHarness];
    const ip = `198.18.${randomInt(256)}.${randomInt(256)}`;
    const statuses = [];
    for (const s of [a, b, a]) statuses.push((await hit(s, ip)).status);
    expect(statuses).toEqual([302, 302, 302]);
    const limited = await hit(b, ip);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await hit(a, `198.19.${randomInt(256)}.${randomInt(256)}`)).status).toBe(302);
  });
}

if (redisUp) {
  describe('per-IP limit shared by replicas on Redis', replicas);
} else if (required) {
  describe('per-IP limit shared by replicas on Redis (REQUIRE_REDIS=1)', () => {
    it('when Redis is required, then it must be reachable', () => {
      throw new Error(`Redis not reachable at ${REDIS_URL} and REQUIRE_REDIS=1`);
    });
  });
} else {
  describe.skip(`skipped: Redis not reachable at ${REDIS_URL}`, () => {
    it('shares the per-IP limit between replicas', () => undefined);
  });
}
