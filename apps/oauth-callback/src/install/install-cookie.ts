/*
 * The install cookie's name and path on this service; its value (format, expiry, hash) is
 * attio-oauth's `createInstallCookie` / `cookieExpiry`.
 */

/** Name of the cookie binding an install's state to the browser that started it. */
export const INSTALL_COOKIE = 'attio_install';

/**
 * The cookie is scoped to the callback path; it is never sent anywhere else on this origin.
 * SameSite=Lax still sends it on the top-level GET redirect back from Attio (RFC 6265bis §5.6.7.1).
 */
export const INSTALL_COOKIE_PATH = '/oauth';
