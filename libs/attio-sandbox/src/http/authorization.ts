/**
 * Parses the `Authorization` header the way Attio accepts it: `Bearer <token>`, or HTTP Basic with the
 * token as the user name and an empty password (RFC 7617). Anything else is "malformed" (Attio: 400).
 */

/** Result of reading the header. */
export type AuthorizationResult =
  | { readonly kind: 'missing' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'token'; readonly token: string };

const MISSING: AuthorizationResult = { kind: 'missing' };
const MALFORMED: AuthorizationResult = { kind: 'malformed' };

/**
 * Extracts the token from an `Authorization` header value.
 *
 * @example
 * ```ts
 * parseAuthorization('Bearer abc'); // → { kind: 'token', token: 'abc' }
 * parseAuthorization('Basic ' + Buffer.from('abc:').toString('base64')); // → { kind: 'token', token: 'abc' }
 * parseAuthorization(undefined); // → { kind: 'missing' }
 * ```
 */
export function parseAuthorization(header: string | undefined): AuthorizationResult {
  if (header === undefined || header === '') return MISSING;
  const space = header.indexOf(' ');
  if (space <= 0) return MALFORMED;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (value === '' || value.includes(' ')) return MALFORMED;
  if (scheme === 'bearer') return { kind: 'token', token: value };
  if (scheme === 'basic') {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return MALFORMED;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon === -1 ? decoded : decoded.slice(0, colon);
    return user === '' ? MALFORMED : { kind: 'token', token: user };
  }
  return MALFORMED;
}
