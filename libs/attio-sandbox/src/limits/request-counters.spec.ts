import { startSandbox } from '../server/start-sandbox.js';
import { http, manualClock } from '../testing/http-client.js';
import { RequestCounters } from './request-counters.js';

describe('RequestCounters', () => {
  it('when requests arrive, then totals, per-path counts and the busiest sliding second are kept', () => {
    const c = new RequestCounters();
    for (const t of [0, 100, 900, 1050, 1099, 1899, 5000])
      c.record('tok_a', t === 5000 ? '/v2/objects' : '/v2/self', t);
    // [100, 1099] holds 100, 900, 1050, 1099 = 4; [900, 1899] holds 900, 1050, 1099, 1899 = 4.
    expect(c.snapshot()).toEqual({
      byToken: {
        tok_a: {
          total: 7,
          byPath: { '/v2/self': 6, '/v2/objects': 1 },
          maxPerSecond: 4,
          rateLimited: 0,
        },
      },
      revoke: { requests: 0, revoked: 0, rejected: 0, rateLimited: 0 },
    });
    c.reset();
    expect(c.snapshot().byToken).toEqual({});
  });

  it('when many requests share one millisecond, then they all count in the window', () => {
    const c = new RequestCounters();
    for (let i = 0; i < 3000; i++) c.record('tok_b', '/v2/self', 10 + Math.floor(i / 2));
    expect(c.snapshot().byToken['tok_b']?.maxPerSecond).toBe(2000);
  });
});

describe('counters over HTTP', () => {
  it('when tokens call the sandbox, then counters are keyed by a short hash and never the raw token', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 28, 12, 0, 0));
    const s = await startSandbox({ now: clock.now });
    try {
      const { full, revoked } = s.fixtures.tokens;
      await http('GET', `${s.urls.api}/v2/self`, { token: full });
      await http('GET', `${s.urls.api}/v2/objects`, { token: full });
      clock.advance(2000);
      await http('GET', `${s.urls.api}/v2/objects`, { token: full });
      await http('GET', `${s.urls.api}/v2/objects`, { token: revoked });
      await http('GET', `${s.urls.api}/v2/objects`);
      const snapshot = (await http('GET', `${s.urls.admin}/counters`)).json;
      expect(snapshot).toEqual({
        byToken: {
          [s.admin.tokenId(full)]: {
            total: 3,
            byPath: { '/v2/self': 1, '/v2/objects': 2 },
            maxPerSecond: 2,
            rateLimited: 0,
          },
          [s.admin.tokenId(revoked)]: {
            total: 1,
            byPath: { '/v2/objects': 1 },
            maxPerSecond: 1,
            rateLimited: 0,
          },
        },
        revoke: { requests: 0, revoked: 0, rejected: 0, rateLimited: 0 },
      });
      expect(s.admin.tokenId(full)).toMatch(/^tok_[0-9a-f]{12}$/);
      expect(JSON.stringify(snapshot)).not.toContain(full);
      expect((await http('DELETE', `${s.urls.admin}/counters`)).status).toBe(204);
      expect(s.admin.counters()).toEqual({
        byToken: {},
        revoke: { requests: 0, revoked: 0, rejected: 0, rateLimited: 0 },
      });
    } finally {
      await s.close();
    }
  });
});
