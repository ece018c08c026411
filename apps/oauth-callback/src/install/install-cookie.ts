/*
 * The install cookie's name and path on this service; its value (format, expiry, hash) is
 * attio-oauth's `createInstallCookie` / `cookieExpiry`.
 */
import { createHash } from 'node:crypto';

/** Every install cookie's name starts with this; the rest names the state it belongs to. */
export const INSTALL_COOKIE_PREFIX = 'attio_install_';

/**
 * The name of the cookie binding `state` to the browser that started it: one cookie per install, so
 * two tabs installing at once neither overwrite nor clear each other's binding. The suffix is the
 * first 96 bits of the state's SHA-256 (base64url, 16 characters): it identifies the state without
 * revealing it, and two states of one browser colliding is out of reach.
 *
 * @example
 * ```ts
 * res.cookie(installCookieName(state), cookie.value, installCookieOptions(config));
 * ```
 */
export function installCookieName(state: string): string {
  const suffix = createHash('sha256').update(state, 'utf8').digest('base64url').slice(0, 16);
  return `${INSTALL_COOKIE_PREFIX}${suffix}`;
}

/**
 * The cookie is scoped to the callback path (under PUBLIC_BASE_URL's path prefix, if any); it is
 * never sent anywhere else on this origin. SameSite=Lax still sends it on the top-level GET redirect
 * back from Attio (RFC 6265bis §5.6.7.1).
 *
 * @example
 * ```ts
 * installCookiePath('/attio'); // '/attio/oauth/callback'
 * ```
 */
export function installCookiePath(basePath: string): string {
  return `${basePath}/oauth/callback`;
}
