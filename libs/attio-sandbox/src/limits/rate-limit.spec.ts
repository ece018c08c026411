import { startSandbox } from '../server/start-sandbox.js';
import { http, manualClock } from '../testing/http-client.js';
import type { Sandbox } from '../types.js';
import { isWrite, RateLimiter } from './rate-limiter.js';

// Each test sends 100-150 requests one after another over real sockets: more than Jest's 5 s default
// on the shared 2-core machine.
jest.setTimeout(30_000);

const START = Date.UTC(2026, 10, 28, 12, 0, 0, 100);
const clock = manualClock(START);
let sandbox: Sandbox;

beforeEach(async () => {
  clock.set(START);
  sandbox = await startSandbox({ now: clock.now });
});
afterEach(() => sandbox.close());

const newToken = () =>
  sandbox.admin.createToken({
    workspaceId: sandbox.fixtures.workspaces[0].id,
    scopes: ['record_permission:read-write', 'object_configuration:read'],
  });
const read = (token: string) => http('GET', `${sandbox.urls.api}/v2/objects`, { token });
const write = (token: string) =>
  http('POST', `${sandbox.urls.api}/v2/objects/projects/records`, {
    token,
    json: { data: { values: { name: 'P' } } },
  });

describe('rate limits (injected clock, real sockets)', () => {
  it('when a token makes 100 reads in one second, then the 101st is 429 with Retry-After at the next second and counted as rate-limited', async () => {
    const token = newToken();
    for (let i = 0; i < 100; i++) expect((await read(token)).status).toBe(200);
    const limited = await read(token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('Sat, 28 Nov 2026 12:00:01 GMT');
    expect(limited.json).toEqual({
      status_code: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      message: 'Rate limit exceeded, please try again later.',
    });
    expect((await read(newToken())).status).toBe(200);
    clock.advance(900);
    expect((await read(token)).status).toBe(200);
    expect(sandbox.admin.counters().byToken[sandbox.admin.tokenId(token)]).toMatchObject({
      total: 102,
      rateLimited: 1,
    });
  });

  it('when a token makes 25 writes in one second, then the 26th is 429 while reads still pass', async () => {
    const token = newToken();
    for (let i = 0; i < 25; i++) expect((await write(token)).status).toBe(200);
    expect((await write(token)).status).toBe(429);
    expect((await read(token)).status).toBe(200);
    clock.advance(1000);
    expect((await write(token)).status).toBe(200);
  });

  it('when rate limiting is off, then 150 reads in the same instant all pass', async () => {
    const open = await startSandbox({ now: clock.now, rateLimit: false });
    try {
      for (let i = 0; i < 150; i++) {
        expect(
          (
            await http('GET', `${open.urls.api}/v2/self`, {
              token: open.fixtures.tokens.full,
            })
          ).status,
        ).toBe(200);
      }
    } finally {
      await open.close();
    }
  });

  it('when limits are configured lower, then they apply', async () => {
    const low = await startSandbox({
      now: clock.now,
      rateLimit: { readsPerSecond: 2, writesPerSecond: 1 },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (
            await http('GET', `${low.urls.api}/v2/self`, {
              token: low.fixtures.tokens.full,
            })
          ).status,
        );
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await low.close();
    }
  });
});

describe('RateLimiter', () => {
  it('when limits are not positive integers, then construction fails with the default named', () => {
    expect(() => new RateLimiter({ readsPerSecond: 0, writesPerSecond: 25 })).toThrow(
      "rateLimit.readsPerSecond must be a positive integer (Attio's default is 100 reads / 25 writes).",
    );
  });

  it('when refused, then the request does not consume budget of the next window', () => {
    const limiter = new RateLimiter({ readsPerSecond: 1, writesPerSecond: 1 });
    expect([
      limiter.take('a', false, 0),
      limiter.take('a', false, 999),
      limiter.take('a', false, 1000),
    ]).toEqual([true, false, true]);
  });

  it('when classifying, then query/search POSTs are reads and other non-GETs are writes', () => {
    expect(isWrite('GET', '/v2/objects')).toBe(false);
    expect(isWrite('POST', '/v2/objects/people/records/query')).toBe(false);
    expect(isWrite('POST', '/v2/objects/records/search')).toBe(false);
    expect(isWrite('POST', '/v2/objects/people/records')).toBe(true);
    expect(isWrite('DELETE', '/v2/notes/1')).toBe(true);
  });
});
