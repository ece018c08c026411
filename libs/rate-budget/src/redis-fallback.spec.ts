import { tokenBudgetKey } from '@attio-auth/attio-core';
import { createFakeClock, until } from '@attio-auth/attio-core/testing';
import { Redis } from 'ioredis';
import { createRedisLimiterStore } from './redis-limiter-store.js';
import { createSharedHitLimiter } from './shared-hit-limiter.js';
import { createSharedRateBudget } from './shared-rate-budget.js';
import { startOwnRedis, type OwnRedis } from './testing/redis-harness.js';
import { describeWith, ownRedisService } from './spec-support/services.js';
import { recordingLogger } from './spec-support/stores.js';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const KEY = tokenBudgetKey('sk_test_fallback_0123456789abcdef');

// A private redis-server per test (never the machine's shared one), stopped and restarted on its port.
describeWith(ownRedisService(), 'shared limits when Redis stops and comes back', () => {
  let redis: OwnRedis;
  let client: Redis;
  beforeEach(async () => {
    redis = await startOwnRedis();
    client = new Redis(redis.url, {
      enableOfflineQueue: false,
      retryStrategy: () => 20, // reconnect quickly once the server is back
      disconnectTimeout: 10, // ioredis' timer for a socket that already closed would outlive the test
    });
    client.on('error', () => undefined);
    await until(() => client.status === 'ready', 'the client connected');
  });
  afterEach(async () => {
    client.disconnect();
    await redis.stop();
  });

  it('when Redis stops, then the budget limits locally at 1/instances with one warning, and shared again with one info when it is back', async () => {
    const clock = createFakeClock(T0);
    const logger = recordingLogger();
    const store = createRedisLimiterStore({
      client,
      keyPrefix: 'fb',
      instances: 2,
      logger,
      now: clock.now,
    });
    const budget = await createSharedRateBudget({ store, ...clock });
    expect(budget.plan.read).toEqual({ windowMs: 125, sharedPoints: 10, localPoints: 5 });
    await budget.acquire(KEY, 'read');
    expect({ mode: budget.mode(), lines: logger.lines }).toEqual({ mode: 'shared', lines: [] });

    await redis.stop();
    await until(() => client.status !== 'ready', 'the client saw Redis go');
    clock.advance(1000); // a fresh slot: the local fallback allows 5 in it, then waits for the next
    const waited: number[] = [];
    for (let i = 0; i < 6; i += 1) waited.push((await budget.acquire(KEY, 'read')).waitedMs);
    expect(waited).toEqual([0, 0, 0, 0, 0, 125]);
    expect(clock.sleeps).toEqual([125]);
    expect(budget.mode()).toBe('local');
    await budget.pause(KEY, clock.now() + 500); // unreachable store: the local copy still pauses
    expect(await budget.pausedUntil(KEY)).toBe(clock.now() + 500);

    await redis.start();
    await until(() => client.status === 'ready', 'the client reconnected');
    await budget.acquire(KEY, 'read');
    expect(budget.mode()).toBe('shared');
    expect(logger.lines.map((l) => [l.level, l.msg, l.obj])).toEqual([
      [
        'warn',
        'shared rate limiter unreachable (redis): limiting locally at 1/2 of the limits until it is back',
        { store: 'redis', instances: 2 },
      ],
      [
        'info',
        'shared rate limiter reachable again (redis): back to shared limits',
        { store: 'redis', localMs: 125 },
      ],
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain('sk_test');
  });

  it('when Redis stops, then the per-key hit limiter keeps max/instances per window locally and logs once per outage', async () => {
    const logger = recordingLogger();
    const store = createRedisLimiterStore({ client, keyPrefix: 'hits', instances: 3, logger });
    const limiter = await createSharedHitLimiter({ store, name: 'http', windowMs: 60_000, max: 6 });
    const shared: boolean[] = [];
    for (let i = 0; i < 7; i += 1) shared.push((await limiter.hit('install|203.0.113.7')).allowed);
    expect(shared).toEqual([true, true, true, true, true, true, false]);

    await redis.stop();
    await until(() => client.status !== 'ready', 'the client saw Redis go');
    const local: boolean[] = [];
    for (let i = 0; i < 3; i += 1) local.push((await limiter.hit('install|203.0.113.7')).allowed);
    expect(local).toEqual([true, true, false]);
    expect(logger.lines.map((l) => l.level)).toEqual(['warn']);
  });
});
