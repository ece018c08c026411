import { request } from 'node:http';
import { startSandbox } from '../server/start-sandbox.js';
import { http } from '../testing/http-client.js';
import type { FaultRule, Sandbox, SandboxOptions } from '../types.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0, 400);
const sandboxes: Sandbox[] = [];
const slept: number[] = [];

async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  const s = await startSandbox({
    now: () => NOW,
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...options,
  });
  sandboxes.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
  slept.length = 0;
});

const self = (s: Sandbox) =>
  http('GET', `${s.urls.api}/v2/self`, { token: s.fixtures.tokens.full });

/** A raw node:http GET so socket-level errors keep their codes (fetch wraps them). */
function rawGet(url: string, token: string): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { headers: { authorization: `Bearer ${token}` }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

describe('faults', () => {
  it('when a 500 fault is set at start, then matching paths answer Attio JSON 500 and others are untouched', async () => {
    const s = await start({ faults: [{ path: '/v2/objects*', status: 500 }] });
    const res = await http('GET', `${s.urls.api}/v2/objects`, {
      token: s.fixtures.tokens.full,
    });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      status_code: 500,
      type: 'api_error',
      code: 'internal_server_error',
      message: 'An unexpected error occurred.',
    });
    expect((await self(s)).status).toBe(200);
  });

  it('when 502 and 503 faults fire, then the bodies are proxy HTML, not JSON', async () => {
    const s = await start();
    for (const status of [502, 503] as const) {
      s.admin.setFaults([{ path: '/v2/*', status }]);
      const res = await self(s);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.text).toContain(
        status === 502
          ? '<title>502 Bad Gateway</title>'
          : '<title>503 Service Temporarily Unavailable</title>',
      );
    }
  });

  it('when a rule has a rate, then it fires only when the injected random number falls below it', async () => {
    const rolls = [0.2, 0.8, 0.49, 0.5];
    const s = await start({
      random: () => rolls.shift() ?? 0,
      faults: [{ path: '/v2/self', status: 503, rate: 0.5 }],
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await self(s)).status);
    expect(statuses).toEqual([503, 200, 503, 200]);
  });

  it('when a rule names a method, then other methods pass', async () => {
    const s = await start({
      faults: [{ path: '/oauth/token', method: 'post', status: 502 }],
    });
    expect((await http('POST', `${s.urls.oauth}/oauth/token`, { form: {} })).status).toBe(502);
    expect((await http('GET', `${s.urls.oauth}/oauth/token`)).status).toBe(404);
  });

  it('when latency is fixed or random, then the injected sleep receives the fixed or interpolated delay', async () => {
    const s = await start({
      random: () => 0.25,
      faults: [{ path: '/v2/self', latencyMs: 120 }],
    });
    expect((await self(s)).status).toBe(200);
    s.admin.setFaults([{ path: '/v2/self', latencyMs: { min: 100, max: 300 } }]);
    expect((await self(s)).status).toBe(200);
    expect(slept).toEqual([120, 150]);
  });

  it('when a reset fault fires, then the client sees ECONNRESET', async () => {
    const s = await start({ faults: [{ path: '/v2/self', reset: true }] });
    expect(await rawGet(`${s.urls.api}/v2/self`, s.fixtures.tokens.full)).toEqual({
      error: 'ECONNRESET',
    });
  });

  it('when a 429 storm is on, then every call is 429 with Attio body and an HTTP-date Retry-After', async () => {
    const s = await start({
      rateLimit: false,
      faults: [{ path: '/v2/*', rateLimitStorm: true }],
    });
    for (let i = 0; i < 3; i++) {
      const res = await self(s);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('Sat, 28 Nov 2026 12:00:01 GMT');
      expect(res.json).toEqual({
        status_code: 429,
        type: 'rate_limit_error',
        code: 'rate_limit_exceeded',
        message: 'Rate limit exceeded, please try again later.',
      });
    }
  });

  it('when a hang fault fires, then no answer comes and close() destroys the socket', async () => {
    const s = await startSandbox({
      faults: [{ path: '/v2/self', hang: true }],
    });
    const token = s.fixtures.tokens.full;
    const pending = rawGet(`${s.urls.api}/v2/self`, token);
    const id = s.admin.tokenId(token);
    // Wait until the server has the request (counted before faults), without timing assumptions.
    while ((s.admin.counters().byToken[id]?.total ?? 0) === 0)
      await new Promise((r) => setImmediate(r));
    let settled = false;
    void pending.then(() => (settled = true));
    expect((await http('GET', `${s.urls.api}/v2/objects`, { token })).status).toBe(200);
    expect(settled).toBe(false);
    await s.close();
    expect(await pending).toEqual({ error: 'ECONNRESET' });
  });

  it('when a real-timer latency is pending, then close() cancels it and the client is disconnected', async () => {
    const s = await startSandbox({
      faults: [{ path: '/v2/self', latencyMs: 600_000 }],
    });
    const token = s.fixtures.tokens.full;
    const pending = rawGet(`${s.urls.api}/v2/self`, token);
    const id = s.admin.tokenId(token);
    while ((s.admin.counters().byToken[id]?.total ?? 0) === 0)
      await new Promise((r) => setImmediate(r));
    await s.close();
    expect(await pending).toEqual({ error: 'ECONNRESET' });
  });

  it('when faults are set and cleared over the admin HTTP API, then they apply and stop applying', async () => {
    const s = await start();
    const rules: FaultRule[] = [{ path: '^/v2/(self|objects)$', status: 503 }];
    expect((await http('PUT', `${s.urls.admin}/faults`, { json: { rules } })).status).toBe(204);
    expect((await http('GET', `${s.urls.admin}/faults`)).json).toEqual(rules);
    expect((await self(s)).status).toBe(503);
    expect((await http('DELETE', `${s.urls.admin}/faults`)).status).toBe(204);
    expect((await self(s)).status).toBe(200);
  });

  it('when a catch-all fault is on, then the admin API still answers so tests can clear it', async () => {
    const s = await start({ faults: [{ path: '*', status: 503 }] });
    expect((await http('GET', `${s.urls.oauth}/authorize`)).status).toBe(503);
    expect((await http('GET', `${s.urls.admin}/counters`)).status).toBe(200);
    expect((await http('DELETE', `${s.urls.admin}/faults`)).status).toBe(204);
    expect((await self(s)).status).toBe(200);
  });

  it('when a rule is invalid, then setFaults and the admin API say which field to fix', async () => {
    const s = await start();
    expect(() => s.admin.setFaults([{ path: '/v2/*', status: 404 as 500 }])).toThrow(
      'faults[0].status must be 500, 502 or 503.',
    );
    expect(() => s.admin.setFaults([{ path: '/v2/*' }])).toThrow(
      'faults[0] does nothing: set latencyMs, status, reset, hang or rateLimitStorm.',
    );
    const res = await http('PUT', `${s.urls.admin}/faults`, {
      json: { rules: [{ path: '', status: 500 }] },
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: 'faults[0].path must be a pattern such as "/v2/*" or "/oauth/token".',
    });
  });
});
