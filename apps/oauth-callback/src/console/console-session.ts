import { randomBytes } from 'node:crypto';

import type { Request, Response } from 'express';

import { readCookie } from '../http/cookies.js';
import type { ConsoleConfig } from './console-config.js';
import type { ConsoleRole } from './console-role.js';
import { cookieSigner } from './signed-cookie.js';
import type { SignInTransaction } from './oidc-sign-in.js';

/** One signed-in person. Holds no token of the provider and none of Attio. */
export interface ConsoleSession {
  readonly sub: string;
  readonly label: string;
  readonly role: ConsoleRole;
  /** Sent back by every form (hidden field) and compared with this: the CSRF token. */
  readonly csrf: string;
  /** Sign-in time and last request time, in ms of the app's clock. */
  readonly signedInAt: number;
  readonly seenAt: number;
}

/** Why there is no session: none at all, or one that timed out (the page says which). */
export type SessionState =
  | { readonly session: ConsoleSession }
  | { readonly session?: undefined; readonly expired: boolean };

export const SESSION_COOKIE = 'attio_console';
export const SIGN_IN_COOKIE = 'attio_console_signin';
const COOKIE_PATH = '/admin/console';
const SIGN_IN_TTL_MS = 10 * 60_000;

/**
 * The console's two cookies, both HttpOnly, SameSite=Lax, path /admin/console, Secure when the
 * redirect URI is https, and sealed (HMAC, key derived from the OIDC client secret):
 * - the session: who, which role, the CSRF token, sign-in and last-seen times. The idle timeout is
 *   checked against last-seen and the absolute one against sign-in; each request re-seals it with a new
 *   last-seen, so several instances need no shared session table;
 * - the sign-in transaction (state, nonce, PKCE verifier) for the ten minutes between the redirect to
 *   the provider and the callback.
 *
 * SameSite=Lax keeps the session off cross-site POSTs; the CSRF token covers same-site ones too.
 *
 * @example
 * ```ts
 * const sessions = consoleSessions(config.admin.console, Date.now);
 * const state = sessions.read(req);
 * ```
 */
export function consoleSessions(config: ConsoleConfig, now: () => number) {
  const sessionSigner = cookieSigner(config.clientSecret, 'console-session');
  const signInSigner = cookieSigner(config.clientSecret, 'console-sign-in');
  const cookie = (name: string, value: string, maxAgeMs: number): string =>
    `${name}=${value}; Path=${COOKIE_PATH}; Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}; HttpOnly; SameSite=Lax` +
    (config.cookieSecure ? '; Secure' : '');
  const append = (res: Response, value: string) => res.append('Set-Cookie', value);

  return {
    read(req: Request): SessionState {
      const payload = sessionSigner.open(readCookie(req.headers.cookie, SESSION_COOKIE));
      if (!payload) return { expired: false };
      const { sub, label, role, csrf, signedInAt, seenAt } = payload;
      if (
        typeof sub !== 'string' ||
        typeof label !== 'string' ||
        (role !== 'viewer' && role !== 'admin') ||
        typeof csrf !== 'string' ||
        typeof signedInAt !== 'number' ||
        typeof seenAt !== 'number'
      )
        return { expired: false };
      const t = now();
      if (t - seenAt >= config.idleTimeoutMs || t - signedInAt >= config.absoluteTimeoutMs)
        return { expired: true };
      return { session: { sub, label, role, csrf, signedInAt, seenAt } };
    },

    /** Re-seals the session with last-seen = now (the idle timeout restarts). */
    touch(res: Response, session: ConsoleSession): void {
      const t = now();
      const next = { ...session, seenAt: t };
      append(
        res,
        cookie(
          SESSION_COOKIE,
          sessionSigner.seal(next),
          session.signedInAt + config.absoluteTimeoutMs - t,
        ),
      );
    },

    start(res: Response, who: Pick<ConsoleSession, 'sub' | 'label' | 'role'>): void {
      const t = now();
      const session: ConsoleSession = {
        ...who,
        csrf: randomBytes(32).toString('base64url'),
        signedInAt: t,
        seenAt: t,
      };
      append(res, cookie(SESSION_COOKIE, sessionSigner.seal(session), config.absoluteTimeoutMs));
    },

    end(res: Response): void {
      append(res, cookie(SESSION_COOKIE, '', 0));
    },

    saveSignIn(res: Response, transaction: SignInTransaction): void {
      append(
        res,
        cookie(
          SIGN_IN_COOKIE,
          signInSigner.seal({ ...transaction, expiresAt: now() + SIGN_IN_TTL_MS }),
          SIGN_IN_TTL_MS,
        ),
      );
    },

    /** The pending sign-in (once: the cookie is cleared), or undefined when absent, forged or expired. */
    takeSignIn(req: Request, res: Response): SignInTransaction | undefined {
      const payload = signInSigner.open(readCookie(req.headers.cookie, SIGN_IN_COOKIE));
      append(res, cookie(SIGN_IN_COOKIE, '', 0));
      if (!payload) return undefined;
      const { state, nonce, codeVerifier, returnTo, expiresAt } = payload;
      if (
        typeof state !== 'string' ||
        typeof nonce !== 'string' ||
        typeof codeVerifier !== 'string' ||
        typeof returnTo !== 'string' ||
        typeof expiresAt !== 'number' ||
        expiresAt <= now()
      )
        return undefined;
      return { state, nonce, codeVerifier, returnTo };
    },
  };
}

export type ConsoleSessions = ReturnType<typeof consoleSessions>;
