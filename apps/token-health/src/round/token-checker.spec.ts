import { createHash } from 'node:crypto';
import { SlidingWindowThrottle, type RateBudget } from '@attio-auth/attio-core';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { createTokenChecker } from './token-checker.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterEach(() => sandbox.close());

describe('createTokenChecker', () => {
  it('when a shared rate budget is configured, then every check spends from it under the hash of its token', async () => {
    const spent: string[] = [];
    const rateBudget: RateBudget = {
      acquire: async (key, kind) => {
        spent.push(`${kind} ${key}`);
        return { waitedMs: 0, release: () => undefined };
      },
      pause: () => undefined,
      pausedUntil: () => 0,
    };
    const clock = {
      now: Date.now,
      sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    };
    const check = createTokenChecker({
      baseUrl: sandbox.urls.api,
      timeoutMs: 5000,
      retries: 0,
      limiter: new SlidingWindowThrottle(100, clock),
      rateBudget,
      ...clock,
    });
    const token = sandbox.fixtures.tokens.full;
    const outcome = await check(token);
    expect(outcome.ok).toBe(true);
    expect(spent).toEqual([`read ${createHash('sha256').update(token).digest('hex')}`]);
  });
});
