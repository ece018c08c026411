import { createHmac } from 'node:crypto';

import { constantTimeEqual, randomToken, sha256Base64Url } from './random-token.js';

/**
 * A fresh install cookie: the value `v2.<expiresAtMs base36>.<32 random bytes>.<tag>` (base64url) for
 * the browser, and its SHA-256 (base64url) to store beside the state, as with {@link createStateBinding}.
 *
 * @example
 * ```ts
 * const { value, bindingHash }: InstallCookie = createInstallCookie(state, expiresAt);
 * ```
 */
export interface InstallCookie {
  /** Goes into an httpOnly, SameSite=Lax cookie. Never store it server-side. */
  readonly value: string;
  /** SHA-256 (base64url) of `value`; store this beside the state (`verifyStateBinding` checks it). */
  readonly bindingHash: string;
}

const VALUE = /^(v2\.([0-9a-z]{1,12})\.[A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{22})$/;

/** HMAC-SHA256 keyed by the state, truncated to 128 bits (22 base64url characters). */
function tagFor(state: string, body: string): string {
  return createHmac('sha256', state)
    .update(body, 'utf8')
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/**
 * Creates the cookie that binds one install's state to the browser that started it (RFC 9700
 * §4.7.1). Unlike {@link createStateBinding} it embeds the state's expiry, so a callback can still
 * tell "expired" from "unknown" once expired states have been purged. The expiry is not a secret but
 * it is not taken on trust either: a tag keyed by the state (which only the service and the
 * browser's redirect hold) covers it, and {@link cookieExpiry} reads nothing from a value whose tag
 * does not match the state it is presented with.
 *
 * @example
 * ```ts
 * const cookie = createInstallCookie(state, new Date(Date.now() + 600_000));
 * await store.createState({ state, bindingHash: cookie.bindingHash, expiresAt });
 * res.cookie(installCookieName(state), cookie.value, { httpOnly: true, sameSite: 'lax' });
 * ```
 */
export function createInstallCookie(state: string, expiresAt: Date): InstallCookie {
  const body = `v2.${expiresAt.getTime().toString(36)}.${randomToken(32)}`;
  const value = `${body}.${tagFor(state, body)}`;
  return { value, bindingHash: sha256Base64Url(value) };
}

/**
 * The expiry embedded in an install cookie value, only when {@link createInstallCookie} made that
 * value for this `state`; undefined for anything else (forged, edited, truncated, made for another
 * state, another format). Only for a state the store no longer knows: while it knows the state, the
 * store's own expiry and binding hash decide.
 *
 * @example
 * ```ts
 * const expiry = cookieExpiry(cookieValue, query.state);
 * const expired = expiry !== undefined && expiry.getTime() <= Date.now();
 * ```
 */
export function cookieExpiry(value: string | undefined, state: string): Date | undefined {
  const match = VALUE.exec(value ?? '');
  if (!match || state.length === 0) return undefined;
  const [, body, expiry, tag] = match as unknown as [string, string, string, string];
  if (!constantTimeEqual(tag, tagFor(state, body))) return undefined;
  const ms = parseInt(expiry, 36);
  return Number.isSafeInteger(ms) ? new Date(ms) : undefined;
}
