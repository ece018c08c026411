import { randomToken, sha256Base64Url } from './random-token.js';

/**
 * A fresh install cookie: the value `v1.<expiresAtMs base36>.<32 random bytes base64url>` for the
 * browser, and its SHA-256 (base64url) to store beside the state, as with {@link createStateBinding}.
 *
 * @example
 * ```ts
 * const { value, bindingHash }: InstallCookie = createInstallCookie(expiresAt);
 * ```
 */
export interface InstallCookie {
  /** Goes into an httpOnly, SameSite=Lax cookie. Never store it server-side. */
  readonly value: string;
  /** SHA-256 (base64url) of `value`; store this beside the state (`verifyStateBinding` checks it). */
  readonly bindingHash: string;
}

/**
 * Creates the cookie that binds one install's state to the browser that started it (RFC 9700
 * §4.7.1). Unlike {@link createStateBinding} it embeds the state's expiry, which is not a secret,
 * so a callback can still tell "expired" from "unknown" after expired states have been purged.
 *
 * @example
 * ```ts
 * const cookie = createInstallCookie(new Date(Date.now() + 600_000));
 * await store.states.create({ state, bindingHash: cookie.bindingHash, expiresAt });
 * res.cookie('attio_install', cookie.value, { httpOnly: true, sameSite: 'lax' });
 * ```
 */
export function createInstallCookie(expiresAt: Date): InstallCookie {
  const value = `v1.${expiresAt.getTime().toString(36)}.${randomToken(32)}`;
  return { value, bindingHash: sha256Base64Url(value) };
}

/**
 * The expiry embedded in an install cookie value, or undefined for a value
 * {@link createInstallCookie} did not make (forged, truncated, another format).
 *
 * @example
 * ```ts
 * const expired = (cookieExpiry(req.cookies.attio_install)?.getTime() ?? Infinity) <= Date.now();
 * ```
 */
export function cookieExpiry(value: string | undefined): Date | undefined {
  const match = /^v1\.([0-9a-z]{1,12})\.[A-Za-z0-9_-]{43}$/.exec(value ?? '');
  if (!match) return undefined;
  const ms = parseInt(match[1] as string, 36);
  return Number.isSafeInteger(ms) ? new Date(ms) : undefined;
}
