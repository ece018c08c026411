import { startSandbox } from '../server/start-sandbox.js';
import { http, manualClock, type HttpOptions } from '../testing/http-client.js';
import type { Sandbox, SandboxOptions } from '../types.js';

const START = Date.UTC(2026, 10, 28, 12, 0, 0, 0);
const clock = manualClock(START);
const sandboxes: Sandbox[] = [];

async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  const s = await startSandbox({ now: clock.now, ...options });
  sandboxes.push(s);
  return s;
}

beforeEach(() => clock.set(START));
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

const newToken = (s: Sandbox) =>
  s.admin.createToken({
    workspaceId: s.fixtures.workspaces[0].id,
    scopes: ['object_configuration:read'],
  });
const revoke = (s: Sandbox, options: HttpOptions) =>
  http('POST', `${s.urls.oauth}/oauth/revoke`, options);
const self = async (s: Sandbox, token: string) =>
  (await http('GET', `${s.urls.api}/v2/self`, { token })).text;
const NO_COUNTS = { requests: 0, revoked: 0, rejected: 0, rateLimited: 0 };

describe('POST /oauth/revoke', () => {
  it('when the token comes as a Bearer header, then 204 with no body, /v2/self is exactly {"active":false} and REST calls get 401', async () => {
    const s = await start();
    const token = newToken(s);
    expect((await http('GET', `${s.urls.api}/v2/objects`, { token })).status).toBe(200);
    const res = await revoke(s, { token });
    expect([res.status, res.text]).toEqual([204, '']);
    expect(await self(s, token)).toBe('{"active":false}');
    const rest = await http('GET', `${s.urls.api}/v2/objects`, { token });
    expect([rest.status, (rest.json as { code: string }).code]).toEqual([401, 'unauthorized']);
    expect(s.admin.counters().revoke).toEqual({ ...NO_COUNTS, requests: 1, revoked: 1 });
  });

  it('when the token comes as the form field token, or in both places alike, then 204 and it is revoked', async () => {
    const s = await start();
    const [a, b] = [newToken(s), newToken(s)];
    expect((await revoke(s, { form: { token: a } })).status).toBe(204);
    expect((await revoke(s, { token: b, form: { token: b } })).status).toBe(204);
    expect(await self(s, a)).toBe('{"active":false}');
    expect(await self(s, b)).toBe('{"active":false}');
  });

  it('when no token is given, then 400 invalid_request saying where to put it', async () => {
    const s = await start();
    const options: HttpOptions[] = [{}, { form: { other: 'x' } }, { form: { token: '' } }];
    for (const option of options) {
      const res = await revoke(s, option);
      expect([res.status, res.json]).toEqual([
        400,
        {
          error: 'invalid_request',
          error_description:
            'No token found: send the token as "Authorization: Bearer <token>" or as the form field token (application/x-www-form-urlencoded).',
        },
      ]);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect(s.admin.counters().revoke).toEqual({ ...NO_COUNTS, requests: 3, rejected: 3 });
  });

  it('when the header and the body name different tokens, then 400 invalid_request and neither is revoked', async () => {
    const s = await start();
    const [a, b] = [newToken(s), newToken(s)];
    const res = await revoke(s, { token: a, form: { token: b } });
    expect([res.status, res.json]).toEqual([
      400,
      {
        error: 'invalid_request',
        error_description:
          'The Authorization header and the body name different tokens: send the token once.',
      },
    ]);
    expect(JSON.parse(await self(s, a))).toMatchObject({ active: true });
    expect(JSON.parse(await self(s, b))).toMatchObject({ active: true });
  });

  it('when the token comes another way (JSON body, Basic, a malformed header), then 400 invalid_request and it stays active', async () => {
    const s = await start();
    const token = newToken(s);
    const answers = [
      await revoke(s, { json: { token } }),
      await revoke(s, { authorization: `Basic ${Buffer.from(`${token}:`).toString('base64')}` }),
      await revoke(s, { authorization: 'Bearer' }),
    ];
    expect(answers.map((r) => [r.status, (r.json as { error: string }).error])).toEqual([
      [400, 'invalid_request'],
      [400, 'invalid_request'],
      [400, 'invalid_request'],
    ]);
    expect(JSON.parse(await self(s, token))).toMatchObject({ active: true });
  });

  it('when the token is unknown or already revoked, then 400 invalid_token (clients treat it as already gone)', async () => {
    const s = await start();
    const token = newToken(s);
    expect((await revoke(s, { token })).status).toBe(204);
    for (const t of [token, s.fixtures.tokens.revoked, 'f'.repeat(64)]) {
      const res = await revoke(s, { form: { token: t } });
      expect([res.status, res.json]).toEqual([
        400,
        { error: 'invalid_token', error_description: 'The token is unknown or already revoked.' },
      ]);
    }
    expect(s.admin.counters().revoke).toEqual({
      requests: 4,
      revoked: 1,
      rejected: 3,
      rateLimited: 0,
    });
  });
});

describe('revocation rate limit (per IP, separate from REST)', () => {
  it('when an IP goes over the revoke budget, then 429 with Retry-After in seconds until the oldest request leaves the window', async () => {
    const s = await start({ revokeLimit: { max: 3, windowMs: 60_000 } });
    expect((await revoke(s, { token: newToken(s) })).status).toBe(204);
    clock.advance(10_000);
    expect((await revoke(s, { form: { token: 'unknown' } })).status).toBe(400); // counts too
    expect((await revoke(s, { token: newToken(s) })).status).toBe(204);
    const token = newToken(s);
    const limited = await revoke(s, { token });
    expect([limited.status, limited.headers.get('retry-after'), limited.json]).toEqual([
      429,
      '50',
      {
        status_code: 429,
        type: 'rate_limit_error',
        code: 'rate_limit_exceeded',
        message: 'Revocation rate limit exceeded for this IP address, please try again later.',
      },
    ]);
    expect(JSON.parse(await self(s, token))).toMatchObject({ active: true });
    clock.advance(49_999);
    expect((await revoke(s, { token })).status).toBe(429);
    clock.advance(1);
    expect((await revoke(s, { token })).status).toBe(204);
    expect(s.admin.counters().revoke).toEqual({
      requests: 6,
      revoked: 3,
      rejected: 1,
      rateLimited: 2,
    });
  });

  it('when REST calls use up their own budget, then revokes are unaffected, and the other way round', async () => {
    const s = await start({
      rateLimit: { readsPerSecond: 2, writesPerSecond: 1 },
      revokeLimit: { max: 2, windowMs: 60_000 },
    });
    const token = s.fixtures.tokens.full;
    for (let i = 0; i < 2; i++)
      expect((await http('GET', `${s.urls.api}/v2/self`, { token })).status).toBe(200);
    expect((await http('GET', `${s.urls.api}/v2/self`, { token })).status).toBe(429);
    expect((await revoke(s, { token: newToken(s) })).status).toBe(204);
    expect((await revoke(s, { token: newToken(s) })).status).toBe(204);
    expect((await revoke(s, { token: newToken(s) })).status).toBe(429);
    clock.advance(1000);
    expect((await http('GET', `${s.urls.api}/v2/self`, { token })).status).toBe(200);
  });

  it('when no revokeLimit is given, then Attio’s 50 per minute applies; with false, none', async () => {
    const s = await start();
    for (let i = 0; i < 50; i++)
      expect((await revoke(s, { form: { token: 'x' } })).status).toBe(400);
    expect((await revoke(s, { form: { token: 'x' } })).status).toBe(429);
    const open = await start({ revokeLimit: false });
    for (let i = 0; i < 60; i++)
      expect((await revoke(open, { form: { token: 'x' } })).status).toBe(400);
  }, 30_000);

  it('when revokeLimit is not a positive integer pair, then startSandbox says what to set', async () => {
    await expect(start({ revokeLimit: { max: 0, windowMs: 1000 } })).rejects.toThrow(
      "revokeLimit.max must be a positive integer (Attio's is 50).",
    );
    await expect(start({ revokeLimit: { max: 5, windowMs: 0.5 } })).rejects.toThrow(
      "revokeLimit.windowMs must be a positive integer of milliseconds (Attio's is 60000).",
    );
  });
});

describe('revocation faults and admin views', () => {
  it('when the next 2 revokes are set to 503, then they fail before reaching the endpoint and the third revokes', async () => {
    const s = await start();
    s.admin.setFaults([{ path: '/oauth/revoke', status: 503, times: 2 }]);
    const token = newToken(s);
    expect((await revoke(s, { token })).status).toBe(503);
    expect((await revoke(s, { token })).status).toBe(503);
    expect(JSON.parse(await self(s, token))).toMatchObject({ active: true });
    expect((await revoke(s, { token })).status).toBe(204);
    expect(s.admin.counters().revoke).toEqual({ ...NO_COUNTS, requests: 3, revoked: 1 });
  });

  it('when a fault has a times that is not a positive integer, then setFaults says so', async () => {
    const s = await start();
    expect(() => s.admin.setFaults([{ path: '/oauth/revoke', hang: true, times: 0 }])).toThrow(
      'faults[0].times must be a positive integer (how many requests fire).',
    );
  });

  it('when tokens are revoked in several ways, then the revocations view lists them by short hash, never the token', async () => {
    const s = await start();
    const [viaEndpoint, viaAdmin] = [newToken(s), newToken(s)];
    clock.advance(1000);
    expect((await revoke(s, { token: viaEndpoint })).status).toBe(204);
    clock.advance(1000);
    s.admin.revokeToken(viaAdmin);
    const expected = [
      {
        tokenId: s.admin.tokenId(s.fixtures.tokens.revoked),
        workspaceId: s.fixtures.workspaces[0].id,
        revokedAt: '2026-11-28T12:00:00.000Z',
        via: 'admin',
      },
      {
        tokenId: s.admin.tokenId(viaEndpoint),
        workspaceId: s.fixtures.workspaces[0].id,
        revokedAt: '2026-11-28T12:00:01.000Z',
        via: 'endpoint',
      },
      {
        tokenId: s.admin.tokenId(viaAdmin),
        workspaceId: s.fixtures.workspaces[0].id,
        revokedAt: '2026-11-28T12:00:02.000Z',
        via: 'admin',
      },
    ];
    expect(s.admin.revokedTokens()).toEqual(expected);
    const overHttp = await http('GET', `${s.urls.admin}/revocations`);
    expect(overHttp.json).toEqual({ revoked: expected });
    expect(overHttp.text).not.toContain(viaEndpoint);
    expect(overHttp.text).not.toContain(viaAdmin);
    const counters = await http('GET', `${s.urls.admin}/counters`);
    expect((counters.json as { revoke: unknown }).revoke).toEqual({
      ...NO_COUNTS,
      requests: 1,
      revoked: 1,
    });

    s.admin.restoreToken(viaEndpoint);
    expect(s.admin.revokedTokens().map((r) => r.tokenId)).not.toContain(
      s.admin.tokenId(viaEndpoint),
    );
    s.admin.resetCounters();
    expect(s.admin.counters().revoke).toEqual(NO_COUNTS);
  });
});
