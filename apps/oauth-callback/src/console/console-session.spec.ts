import type { Request, Response } from 'express';

import type { ConsoleConfig } from './console-config.js';
import { consoleSessions } from './console-session.js';

const MINUTE = 60_000;
const config = {
  clientSecret: 'a-long-enough-client-secret',
  idleTimeoutMs: 30 * MINUTE,
  absoluteTimeoutMs: 60 * MINUTE,
  cookieSecure: true,
} as ConsoleConfig;

/** The Set-Cookie values a handler wrote, and a request carrying them back. */
function recorder() {
  const set: string[] = [];
  const res = {
    append: (_name: string, value: string) => {
      set.push(value);
      return res;
    },
  } as unknown as Response;
  const request = (): Request =>
    ({
      headers: {
        cookie: set
          .map((c) => c.slice(0, c.indexOf(';')))
          .filter((c) => !c.endsWith('='))
          .join('; '),
      },
    }) as Request;
  return { set, res, request };
}

describe('consoleSessions', () => {
  let clock = 0;
  const sessions = consoleSessions(config, () => clock);
  beforeEach(() => {
    clock = Date.parse('2026-03-01T10:00:00Z');
  });

  it('when a session starts, then its cookie is HttpOnly, SameSite=Lax, Secure, scoped to the console and lives until the maximum', () => {
    const { set, res } = recorder();
    sessions.start(res, { sub: 'u1', label: 'ana@example.com', role: 'viewer' });
    expect(set).toHaveLength(1);
    expect(set[0]).toMatch(
      /^attio_console=[\w-]+\.[\w-]{43}; Path=\/admin\/console; Max-Age=3600; HttpOnly; SameSite=Lax; Secure$/,
    );
  });

  it('when it is read back within the timeouts, then it names the person, role and a CSRF token', () => {
    const r = recorder();
    sessions.start(r.res, { sub: 'u1', label: 'ana@example.com', role: 'admin' });
    clock += 29 * MINUTE;
    const state = sessions.read(r.request());
    expect(state.session).toMatchObject({
      sub: 'u1',
      label: 'ana@example.com',
      role: 'admin',
      signedInAt: clock - 29 * MINUTE,
    });
    expect(state.session?.csrf).toMatch(/^[\w-]{43}$/);
  });

  it('when it is idle for the idle timeout, then it reads as expired', () => {
    const r = recorder();
    sessions.start(r.res, { sub: 'u1', label: 'u1', role: 'viewer' });
    clock += 30 * MINUTE;
    expect(sessions.read(r.request())).toEqual({ expired: true });
  });

  it('when its payload is altered to another role, then it reads as no session at all', () => {
    const r = recorder();
    sessions.start(r.res, { sub: 'u1', label: 'u1', role: 'viewer' });
    const [name, rest = ''] = (r.set[0] ?? '').split('=');
    const [body = '', sig = ''] = rest.slice(0, rest.indexOf(';')).split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const forged = Buffer.from(JSON.stringify({ ...payload, role: 'admin' })).toString('base64url');
    expect(sessions.read({ headers: { cookie: `${name}=${forged}.${sig}` } } as Request)).toEqual({
      expired: false,
    });
  });

  it('when a sign-in transaction is taken, then it is cleared and cannot be taken twice', () => {
    const r = recorder();
    sessions.saveSignIn(r.res, {
      state: 's',
      nonce: 'n',
      codeVerifier: 'v',
      returnTo: '/admin/console',
    });
    const req = r.request();
    const out = recorder();
    expect(sessions.takeSignIn(req, out.res)).toEqual({
      state: 's',
      nonce: 'n',
      codeVerifier: 'v',
      returnTo: '/admin/console',
    });
    expect(out.set).toEqual([
      'attio_console_signin=; Path=/admin/console; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
    ]);
    clock += 10 * MINUTE;
    expect(sessions.takeSignIn(req, recorder().res)).toBeUndefined();
  });
});
