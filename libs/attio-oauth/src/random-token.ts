import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Returns `byteLength` cryptographically random bytes encoded as base64url (RFC 4648 §5), the
 * alphabet that is safe in URLs, cookies and form values without further escaping.
 *
 * @example
 * ```ts
 * const value = randomToken(); // 43 characters, 256 bits of entropy
 * ```
 */
export function randomToken(byteLength = 32): string {
  if (!Number.isInteger(byteLength) || byteLength < 16) {
    // Below 128 bits a state or verifier becomes guessable (RFC 6749 §10.10).
    throw new RangeError(
      `randomToken needs at least 16 bytes of entropy; got ${String(byteLength)}.`,
    );
  }
  return randomBytes(byteLength).toString('base64url');
}

/**
 * SHA-256 of a UTF-8 string, base64url-encoded. Used to store a hash of a secret (a state cookie,
 * a PKCE verifier) instead of the secret itself.
 *
 * @example
 * ```ts
 * sha256Base64Url('abc'); // 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0'
 * ```
 */
export function sha256Base64Url(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

/**
 * Compares two strings in time that does not depend on where they first differ, so an attacker
 * cannot learn a secret byte by byte from response timings. Both sides are hashed first, so
 * different lengths are compared in constant time too.
 *
 * @example
 * ```ts
 * constantTimeEqual(presentedToken, configuredToken); // true or false
 * ```
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}
