import { closedPortUrl, createFakeClock, type FakeClock } from '@attio-auth/attio-core/testing';
import {
  AttioAbortError,
  AttioConnectionError,
  AttioInvalidTokenFormatError,
  AttioTimeoutError,
} from '@attio-auth/attio-errors';
import { startSandbox, type Sandbox, type SandboxOptions } from '@attio-auth/attio-sandbox';

import { AttioRevokeError } from './revoke-error.js';
import { revokeToken, type RevokeTokenOptions } from './revoke-token.js';
import { startRecordingServer } from './testing/recording-server.js';

// Real sockets against the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

const sandboxes: Sandbox[] = [];
let clock: FakeClock;

/** A sandbox on the same fake clock as the client, so a client "sleep" moves the sandbox's time too. */
async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  const s = await startSandbox({ rateLimit: false, now: clock.now, ...options });
  sandboxes.push(s);
  return s;
}

beforeEach(() => {
  clock = createFakeClock(Date.parse('2026-11-28T12:00:00Z'));
});
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

const newToken = (s: Sandbox) =>
  s.admin.createToken({
    workspaceId: s.fixtures.workspaces[0].id,
    scopes: ['object_configuration:read'],
  });
const optionsFor = (s: Sandbox, token: string): RevokeTokenOptions => ({
  token,
  revokeUrl: `${s.urls.oauth}/oauth/revoke`,
  now: clock.now,
  sleep: clock.sleep,
});
const selfOf = async (s: Sandbox, token: string) =>
  (await fetch(`${s.urls.api}/v2/self`, { headers: { authorization: `Bearer ${token}` } })).json();

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected revokeToken to fail');
}

/** The token appears nowhere an error is shown or logged: message, stack, String(), toJSON(), cause. */
function expectNoToken(error: Error, token: string): void {
  const cause = (error as { cause?: unknown }).cause;
  const views = [
    error.message,
    error.stack ?? '',
    String(error),
    JSON.stringify(error),
    cause instanceof Error ? `${cause.message} ${cause.stack ?? ''}` : String(cause),
  ];
  for (const view of views) expect(view).not.toContain(token);
}

describe('revokeToken against the sandbox', () => {
  it('when Attio answers 204, then { revoked: true, alreadyGone: false } and the token is inactive', async () => {
    const s = await start();
    const token = newToken(s);
    await expect(revokeToken(optionsFor(s, token))).resolves.toEqual({
      revoked: true,
      alreadyGone: false,
    });
    expect(await selfOf(s, token)).toEqual({ active: false });
    expect(s.admin.counters().revoke).toEqual({
      requests: 1,
      revoked: 1,
      rejected: 0,
      rateLimited: 0,
    });
  });

  it('when an injected fetch carries it, then it revokes the same way', async () => {
    const s = await start();
    const token = newToken(s);
    await expect(revokeToken({ ...optionsFor(s, token), fetch })).resolves.toEqual({
      revoked: true,
      alreadyGone: false,
    });
    expect(await selfOf(s, token)).toEqual({ active: false });
  });

  it('when the token is already revoked or unknown, then { revoked: true, alreadyGone: true }, not an error', async () => {
    const s = await start();
    const token = newToken(s);
    await revokeToken(optionsFor(s, token));
    for (const t of [token, s.fixtures.tokens.revoked, 'f'.repeat(64)]) {
      await expect(revokeToken(optionsFor(s, t))).resolves.toEqual({
        revoked: true,
        alreadyGone: true,
      });
    }
    expect(s.admin.counters().revoke).toMatchObject({ requests: 4, revoked: 1, rejected: 3 });
  });

  it('when the revoke budget is spent, then it waits Retry-After (seconds) and the retry revokes', async () => {
    const s = await start({ revokeLimit: { max: 1, windowMs: 60_000 } });
    await revokeToken(optionsFor(s, newToken(s)));
    const token = newToken(s);
    await expect(revokeToken(optionsFor(s, token))).resolves.toEqual({
      revoked: true,
      alreadyGone: false,
    });
    expect(clock.sleeps).toEqual([60_000]);
    expect(s.admin.counters().revoke).toEqual({
      requests: 3,
      revoked: 2,
      rejected: 0,
      rateLimited: 1,
    });
  });

  it('when a 429 carries Retry-After as an HTTP date, then it waits until that date', async () => {
    const s = await start();
    s.admin.setFaults([{ path: '/oauth/revoke', rateLimitStorm: true, times: 1 }]);
    clock.advance(250); // the sandbox's date is the next whole second: 750 ms away
    const token = newToken(s);
    await expect(revokeToken(optionsFor(s, token))).resolves.toMatchObject({ alreadyGone: false });
    expect(clock.sleeps).toEqual([750]);
  });

  it('when Retry-After is longer than maxWaitMs, then it throws ATTIO_OAUTH_REVOKE_RATE_LIMITED at once with retryAfterMs', async () => {
    const s = await start({ revokeLimit: { max: 1, windowMs: 60_000 } });
    await revokeToken(optionsFor(s, newToken(s)));
    const token = newToken(s);
    const err = await rejection(revokeToken({ ...optionsFor(s, token), maxWaitMs: 10_000 }));
    expect(err).toBeInstanceOf(AttioRevokeError);
    expect(err).toMatchObject({
      code: 'ATTIO_OAUTH_REVOKE_RATE_LIMITED',
      status: 429,
      retryAfterMs: 60_000,
    });
    expect(err.message).toBe(
      `Attio's revocation limit was hit: POST ${s.urls.oauth}/oauth/revoke answered 429 (Retry-After 60 s, longer than the 10000 ms this call may wait); the token was not revoked. Wait retryAfterMs and revoke again; for bulk deletes pace the revokes (createRevokePacer in attio-oauth).`,
    );
    expect(clock.sleeps).toEqual([]);
    expect(await selfOf(s, token)).toMatchObject({ active: true });
    expectNoToken(err, token);
  });

  it('when every attempt is rate limited, then it gives up after `retries` waits with ATTIO_OAUTH_REVOKE_RATE_LIMITED', async () => {
    const s = await start();
    s.admin.setFaults([{ path: '/oauth/revoke', rateLimitStorm: true }]);
    const token = newToken(s);
    const err = await rejection(revokeToken({ ...optionsFor(s, token), retries: 2 }));
    expect(err).toMatchObject({ code: 'ATTIO_OAUTH_REVOKE_RATE_LIMITED', status: 429 });
    expect(err.message).toContain('no retry left after 3 attempts');
    expect(clock.sleeps).toHaveLength(2);
    expect(s.admin.counters().revoke.requests).toBe(3);
    expectNoToken(err, token);
  });

  it.each([
    [503, 'HTTP 503 server_error'],
    [500, 'HTTP 500 internal_server_error: An unexpected error occurred'],
  ] as const)(
    'when Attio answers %i, then ATTIO_OAUTH_REVOKE_FAILED, sent once and never retried',
    async (status, what) => {
      const s = await start();
      s.admin.setFaults([{ path: '/oauth/revoke', status, times: 1 }]);
      const token = newToken(s);
      const err = await rejection(revokeToken(optionsFor(s, token)));
      expect(err).toBeInstanceOf(AttioRevokeError);
      expect(err).toMatchObject({ code: 'ATTIO_OAUTH_REVOKE_FAILED', status });
      expect(err.message).toBe(
        `Attio did not revoke the token: POST ${s.urls.oauth}/oauth/revoke answered ${what}. Keep the token stored and revoke it again later; GET /v2/self answers {"active": false} once it is gone.`,
      );
      expect(s.admin.counters().revoke.requests).toBe(1);
      expect(clock.sleeps).toEqual([]);
      expect(await selfOf(s, token)).toMatchObject({ active: true });
      expectNoToken(err, token);
    },
  );

  it('when the connection is reset after the request went out, then AttioConnectionError (reset), not retried', async () => {
    const s = await start();
    s.admin.setFaults([{ path: '/oauth/revoke', reset: true, times: 1 }]);
    const token = newToken(s);
    const err = await rejection(revokeToken(optionsFor(s, token)));
    expect(err).toBeInstanceOf(AttioConnectionError);
    expect(err).toMatchObject({ code: 'ATTIO_CONNECTION', reason: 'reset' });
    expect(s.admin.counters().revoke.requests).toBe(1);
    expect(clock.sleeps).toEqual([]);
    expectNoToken(err, token);
  });

  it('when Attio does not answer in time, then AttioTimeoutError, not retried', async () => {
    const s = await start();
    s.admin.setFaults([{ path: '/oauth/revoke', hang: true, times: 1 }]);
    const token = newToken(s);
    const err = await rejection(revokeToken({ ...optionsFor(s, token), timeoutMs: 200 }));
    expect(err).toBeInstanceOf(AttioTimeoutError);
    expect(s.admin.counters().revoke.requests).toBe(1);
    expectNoToken(err, token);
  });

  it('when the signal is already aborted, then AttioAbortError and nothing is sent', async () => {
    const s = await start();
    const token = newToken(s);
    const controller = new AbortController();
    controller.abort();
    const err = await rejection(
      revokeToken({ ...optionsFor(s, token), signal: controller.signal }),
    );
    expect(err).toBeInstanceOf(AttioAbortError);
    expect(s.admin.counters().revoke.requests).toBe(0);
    expectNoToken(err, token);
  });

  it('when the caller aborts during a Retry-After wait, then AttioAbortError and no second attempt', async () => {
    const manual = createFakeClock(Date.parse('2026-11-28T12:00:00Z'), 'manual');
    const s = await start({ revokeLimit: { max: 1, windowMs: 60_000 }, now: manual.now });
    await revokeToken({ ...optionsFor(s, newToken(s)), now: manual.now, sleep: manual.sleep });
    const token = newToken(s);
    const controller = new AbortController();
    const pending = rejection(
      revokeToken({
        ...optionsFor(s, token),
        now: manual.now,
        sleep: manual.sleep,
        signal: controller.signal,
      }),
    );
    while (manual.pending === 0) await new Promise((r) => setImmediate(r));
    controller.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(AttioAbortError);
    expect(manual.sleeps).toEqual([60_000]);
    expect(s.admin.counters().revoke.requests).toBe(2);
    expectNoToken(err, token);
  });
});

describe('revokeToken on the wire and on bad answers', () => {
  const TOKEN = 'tok_live_4f9a2c7e1b8d';

  it('when revoking, then the token goes once, as the form field token, with no Authorization header', async () => {
    const server = await startRecordingServer(() => ({ status: 204, body: '' }));
    try {
      await revokeToken({ token: TOKEN, revokeUrl: `${server.url}/oauth/revoke` });
      expect(server.requests).toHaveLength(1);
      const [req] = server.requests;
      expect(req?.method).toBe('POST');
      expect(req?.url).toBe('/oauth/revoke');
      expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(req?.headers['authorization']).toBeUndefined();
      expect(req?.body).toBe(`token=${TOKEN}`);
    } finally {
      await server.close();
    }
  });

  it('when Attio answers another 400 and echoes the token, then ATTIO_OAUTH_REVOKE_FAILED with the token masked', async () => {
    const server = await startRecordingServer(() => ({
      status: 400,
      body: JSON.stringify({
        error: 'invalid_request',
        error_description: `Could not parse ${TOKEN}.`,
      }),
    }));
    try {
      const err = await rejection(
        revokeToken({ token: TOKEN, revokeUrl: `${server.url}/oauth/revoke` }),
      );
      expect(err).toMatchObject({
        code: 'ATTIO_OAUTH_REVOKE_FAILED',
        status: 400,
        oauthError: 'invalid_request',
        oauthErrorDescription: 'Could not parse [REDACTED].',
      });
      expect(err.message).toContain(
        'answered HTTP 400 invalid_request: Could not parse [REDACTED].',
      );
      expect(server.requests).toHaveLength(1);
      expectNoToken(err, TOKEN);
    } finally {
      await server.close();
    }
  });

  it('when Attio answers a redirect, then ATTIO_OAUTH_REVOKE_FAILED and the token is not sent to the new location', async () => {
    const elsewhere = await startRecordingServer(() => ({ status: 204, body: '' }));
    const server = await startRecordingServer(() => ({
      status: 307,
      body: '',
      headers: { location: `${elsewhere.url}/steal` },
    }));
    try {
      for (const transport of [{}, { fetch }]) {
        const err = await rejection(
          revokeToken({ token: TOKEN, revokeUrl: `${server.url}/oauth/revoke`, ...transport }),
        );
        expect(err).toMatchObject({ code: 'ATTIO_OAUTH_REVOKE_FAILED', status: 307 });
        expect(err.message).toContain(
          'answered a redirect (307), not followed so the token goes nowhere else.',
        );
        expectNoToken(err, TOKEN);
      }
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await Promise.all([server.close(), elsewhere.close()]);
    }
  });

  it('when nothing listens (the request never left), then it retries per attio-core policy and throws AttioConnectionError (refused)', async () => {
    const clockFor = createFakeClock(0);
    const err = await rejection(
      revokeToken({
        token: TOKEN,
        revokeUrl: `${await closedPortUrl()}/oauth/revoke`,
        retries: 2,
        sleep: clockFor.sleep,
        random: () => 0.5,
      }),
    );
    expect(err).toBeInstanceOf(AttioConnectionError);
    expect(err).toMatchObject({ code: 'ATTIO_CONNECTION', reason: 'refused' });
    // attio-core's full-jitter backoff: 250 ms base, doubling, times random() = 0.5.
    expect(clockFor.sleeps).toEqual([125, 250]);
    expectNoToken(err, TOKEN);
  });

  it('when the input is bad, then a clear error before anything is sent, without the token', async () => {
    for (const token of ['', '   ', undefined as unknown as string]) {
      const err = await rejection(revokeToken({ token, revokeUrl: 'https://app.attio.com/x' }));
      expect(err).toBeInstanceOf(AttioInvalidTokenFormatError);
      expect(err.message).toBe(
        'The token to revoke is empty or not a string: pass the stored access token itself.',
      );
    }
    for (const revokeUrl of ['app.attio.com/oauth/revoke', 'ftp://app.attio.com/oauth/revoke']) {
      const err = await rejection(revokeToken({ token: TOKEN, revokeUrl }));
      expect(err).toBeInstanceOf(TypeError);
      expect(err.message).toBe(
        'revokeUrl must be an absolute http(s) URL, such as https://app.attio.com/oauth/revoke.',
      );
      expectNoToken(err, TOKEN);
    }
    const base = { token: TOKEN, revokeUrl: 'https://app.attio.com/oauth/revoke' };
    await expect(revokeToken({ ...base, retries: 1.5 })).rejects.toThrow(
      'retries must be a whole number ≥ 0, got 1.5.',
    );
    await expect(revokeToken({ ...base, maxWaitMs: -1 })).rejects.toThrow(
      'maxWaitMs must be a number of milliseconds ≥ 0, got -1.',
    );
    await expect(revokeToken({ ...base, timeoutMs: 0 })).rejects.toThrow(
      'timeoutMs must be a number of milliseconds > 0, got 0.',
    );
  });
});
