import { createFakeClock } from '@attio-auth/attio-core/testing';
import { isAttioError } from '@attio-auth/attio-errors';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';

import { ATTIO_REVOKE_RATE, createRevokePacer, revokeDuration } from './revoke-pacer.js';
import { revokeToken } from './revoke-token.js';

// Real sockets and real time (about 1.5 s of pacing) on a shared 2-core machine.
jest.setTimeout(30_000);

describe('revokeDuration', () => {
  it('when counting waves of Attio’s 50 per minute, then the first 50 are free and each further 50 adds a minute', () => {
    expect(ATTIO_REVOKE_RATE).toEqual({ perWindow: 50, windowMs: 60_000 });
    expect([0, 1, 50, 51, 100, 101, 1000].map((n) => revokeDuration(n))).toEqual([
      0, 0, 0, 60_000, 60_000, 120_000, 1_140_000,
    ]);
    expect(revokeDuration(20, { perWindow: 5, windowMs: 500 })).toBe(1500);
  });

  it('when the input is not a count or a rate, then it says what to pass', () => {
    expect(() => revokeDuration(-1)).toThrow('count must be a whole number of tokens ≥ 0, got -1.');
    expect(() => revokeDuration(2.5)).toThrow(
      'count must be a whole number of tokens ≥ 0, got 2.5.',
    );
    expect(() => revokeDuration(5, { perWindow: 0 })).toThrow(
      'perWindow must be a positive whole number (Attio allows 50 per minute).',
    );
    expect(() => createRevokePacer({ windowMs: -5 })).toThrow(
      "windowMs must be a positive number of milliseconds (Attio's is 60000).",
    );
  });
});

describe('createRevokePacer', () => {
  it('when 51 revokes queue at once with the defaults, then 50 start now and the 51st one minute after the first completed', async () => {
    const clock = createFakeClock(0);
    const pacer = createRevokePacer({ now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 51 }, () =>
        pacer.acquire().then((done) => {
          starts.push(clock.now());
          done();
        }),
      ),
    );
    expect(starts.filter((t) => t === 0)).toHaveLength(50);
    expect(starts.at(-1)).toBe(60_000);
  });
});

describe('pacing against the sandbox revoke limit', () => {
  const LIMIT = { max: 5, windowMs: 500 };
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ rateLimit: false, revokeLimit: LIMIT });
  });
  afterEach(() => sandbox.close());

  const tokens = (n: number) =>
    Array.from({ length: n }, () =>
      sandbox.admin.createToken({
        workspaceId: sandbox.fixtures.workspaces[0].id,
        scopes: [],
      }),
    );

  it('when 20 tokens are revoked at once through a pacer at the sandbox limit (5 per 500 ms), then none gets a 429', async () => {
    const pacer = createRevokePacer({ perWindow: LIMIT.max, windowMs: LIMIT.windowMs });
    const batch = tokens(20);
    const results = await Promise.all(
      batch.map((token) =>
        revokeToken({ token, revokeUrl: `${sandbox.urls.oauth}/oauth/revoke`, pacer, retries: 0 }),
      ),
    );
    expect(results.every((r) => r.revoked && !r.alreadyGone)).toBe(true);
    expect(sandbox.admin.counters().revoke).toEqual({
      requests: 20,
      revoked: 20,
      rejected: 0,
      rateLimited: 0,
    });
    expect(sandbox.admin.revokedTokens().filter((r) => r.via === 'endpoint')).toHaveLength(20);
  });

  it('when the same 20 go without a pacer, then the sandbox answers 429s (the check above can fail)', async () => {
    const outcomes = await Promise.allSettled(
      tokens(20).map((token) =>
        revokeToken({ token, revokeUrl: `${sandbox.urls.oauth}/oauth/revoke`, retries: 0 }),
      ),
    );
    const limited = outcomes.filter(
      (o) =>
        o.status === 'rejected' &&
        isAttioError(o.reason) &&
        o.reason.code === 'ATTIO_OAUTH_REVOKE_RATE_LIMITED',
    );
    expect(limited.length).toBeGreaterThan(0);
    expect(sandbox.admin.counters().revoke.rateLimited).toBe(limited.length);
  });
});
