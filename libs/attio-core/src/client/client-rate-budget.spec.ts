import { createHash } from 'node:crypto';
import type { RateBudget, RateGrant, RequestClass } from '../rate-limit/rate-budget.js';
import { clientFor, TOKEN, useTestServer } from '../testing/client-harness.js';
import { createFakeClock } from '../testing/fake-clock.js';
import { json } from '../testing/http-test-server.js';

const { serve } = useTestServer();

/** A budget that records what the client asks of it and grants at once (pause kept in a map). */
function recordingBudget() {
  const calls: string[] = [];
  const pauses = new Map<string, number>();
  const budget: RateBudget = {
    async acquire(key: string, kind: RequestClass): Promise<RateGrant> {
      calls.push(`acquire ${kind} ${key}`);
      return { waitedMs: 0, release: () => calls.push('release') };
    },
    async pause(key, untilMs) {
      calls.push(`pause ${key} ${untilMs}`);
      pauses.set(key, untilMs);
    },
    async pausedUntil(key) {
      return pauses.get(key) ?? 0;
    },
  };
  return { budget, calls, pauses };
}

const KEY = createHash('sha256').update(TOKEN).digest('hex');

describe('createAttioClient: rateBudget', () => {
  it('when a shared budget is passed, then each request spends from it under the SHA-256 of the token, by class', async () => {
    const s = await serve((_req, res) => json(res, 200, { data: [] }));
    const { budget, calls } = recordingBudget();
    const client = clientFor(s, { rateBudget: budget });
    await client.get('/v2/objects');
    await client.post('/v2/objects/people/records/query', {});
    await client.post('/v2/objects/people/records', { data: {} });
    expect(calls).toEqual([
      `acquire read ${KEY}`,
      'release',
      `acquire read ${KEY}`,
      'release',
      `acquire write ${KEY}`,
      'release',
    ]);
    expect(calls.join(' ')).not.toContain(TOKEN);
  });

  it('when a request gets 429 with Retry-After, then the pause goes to the budget and the retry waits it out', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res, i) =>
      i === 0
        ? json(
            res,
            429,
            {
              status_code: 429,
              type: 'rate_limit_error',
              code: 'rate_limit_exceeded',
              message: 'Slow down',
            },
            { 'retry-after': '2' },
          )
        : json(res, 200, { data: [] }),
    );
    const { budget, calls } = recordingBudget();
    const started = clock.now();
    const client = clientFor(s, { rateBudget: budget, now: clock.now, sleep: clock.sleep });
    await expect(client.get('/v2/objects')).resolves.toEqual({ data: [] });
    expect(calls).toEqual([
      `acquire read ${KEY}`,
      'release',
      `pause ${KEY} ${started + 2000}`,
      `acquire read ${KEY}`,
      'release',
    ]);
    expect(clock.sleeps).toEqual([2000]);
    expect(s.requests).toHaveLength(2);
  });

  it('when another client paused the shared budget, then this client waits until then before sending', async () => {
    const clock = createFakeClock();
    const s = await serve((_req, res) => json(res, 200, { data: [] }));
    const { budget, pauses } = recordingBudget();
    pauses.set(KEY, clock.now() + 750);
    const client = clientFor(s, { rateBudget: budget, now: clock.now, sleep: clock.sleep });
    await expect(client.get('/v2/objects')).resolves.toEqual({ data: [] });
    expect(clock.sleeps).toEqual([750]);
    expect(s.requests).toHaveLength(1);
  });
});
