import { constantTimeEqual, randomToken, sha256Base64Url } from './random-token.js';

/**
 * Creates an OAuth `state` value: 32 random bytes, base64url (43 characters).
 *
 * The state ties the authorization response to the browser that started the flow and protects
 * the redirect URI against cross-site request forgery (RFC 6749 §10.12). Attio treats it as
 * optional; callers of this library must always send one and verify it on the way back.
 *
 * @example
 * ```ts
 * const state = createState();
 * await store.createState({ state, bindingHash, expiresAt });
 * ```
 */
export function createState(): string {
  return randomToken(32);
}

/**
 * A browser binding for one install attempt: the cookie value and the hash to store server-side.
 *
 * @example
 * ```ts
 * const { cookieValue, bindingHash }: StateBinding = createStateBinding();
 * ```
 */
export interface StateBinding {
  /** Goes into an httpOnly, SameSite=Lax cookie. Never store it server-side. */
  cookieValue: string;
  /** SHA-256 (base64url) of `cookieValue`; store this beside the state. */
  bindingHash: string;
}

/**
 * Creates a random value that binds a state to the browser which started the install.
 *
 * Storing only the hash means a leaked state table cannot be replayed from another browser:
 * the callback must present the cookie whose hash matches (OAuth 2.0 Security BCP,
 * RFC 9700 §4.7.1, "CSRF protection").
 *
 * @example
 * ```ts
 * const { cookieValue, bindingHash } = createStateBinding();
 * res.cookie('attio_install', cookieValue, { httpOnly: true, sameSite: 'lax' });
 * ```
 */
export function createStateBinding(): StateBinding {
  const cookieValue = randomToken(32);
  return { cookieValue, bindingHash: hashStateBinding(cookieValue) };
}

/**
 * The hash stored for a binding cookie value (SHA-256, base64url).
 *
 * @example
 * ```ts
 * hashStateBinding(cookieValue) === storedBindingHash;
 * ```
 */
export function hashStateBinding(cookieValue: string): string {
  return sha256Base64Url(cookieValue);
}

/**
 * True when `cookieValue` is the value whose hash was stored as `bindingHash`. Compares in
 * constant time. A missing or empty cookie never matches.
 *
 * @example
 * ```ts
 * if (!verifyStateBinding(req.cookies.attio_install, consumed.bindingHash)) reject();
 * ```
 */
export function verifyStateBinding(cookieValue: string | undefined, bindingHash: string): boolean {
  if (cookieValue === undefined || cookieValue.length === 0 || bindingHash.length === 0)
    return false;
  return constantTimeEqual(hashStateBinding(cookieValue), bindingHash);
}
