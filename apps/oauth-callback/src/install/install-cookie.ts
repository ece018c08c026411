import { randomToken, sha256Base64Url } from '@attio-auth/attio-oauth';

/** Name of the cookie binding an install's state to the browser that started it. */
export const INSTALL_COOKIE = 'attio_install';

/**
 * The cookie is scoped to the callback path; it is never sent anywhere else on this origin.
 * SameSite=Lax still sends it on the top-level GET redirect back from Attio (RFC 6265bis §5.6.7.1).
 */
export const INSTALL_COOKIE_PATH = '/oauth';

/** A fresh binding: `v1.<expiresAtMs base36>.<32 random bytes base64url>` and the SHA-256 to store. */
export interface InstallCookie {
  value: string;
  bindingHash: string;
}

/**
 * Creates the binding cookie for one install. The expiry is embedded (it is not a secret) so the
 * callback can say "expired" rather than "unknown" after expired states have been purged.
 *
 * @example
 * ```ts
 * const cookie = createInstallCookie(new Date(Date.now() + 600_000));
 * ```
 */
export function createInstallCookie(expiresAt: Date): InstallCookie {
  const value = `v1.${expiresAt.getTime().toString(36)}.${randomToken(32)}`;
  return { value, bindingHash: sha256Base64Url(value) };
}

/**
 * The expiry embedded in a binding cookie, or undefined for a value this service did not make.
 *
 * @example
 * ```ts
 * cookieExpiry('v1.lz2x9k00.abc') // Date
 * ```
 */
export function cookieExpiry(value: string | undefined): Date | undefined {
  const match = /^v1\.([0-9a-z]{1,12})\.[A-Za-z0-9_-]{43}$/.exec(value ?? '');
  if (!match) return undefined;
  const ms = parseInt(match[1] as string, 36);
  return Number.isSafeInteger(ms) ? new Date(ms) : undefined;
}
