/**
 * Identifier helpers. Tokens, client secrets and codes come from the CSPRNG (`node:crypto`), and counters
 * name tokens by a short SHA-256 prefix so no raw token ever leaves the sandbox through its admin API.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * A new opaque access token: 64 hex characters (256 bits), the shape Attio's tokens have.
 *
 * @example
 * ```ts
 * newAccessToken(); // → 'e3b0c442…' (64 hex characters)
 * ```
 */
export function newAccessToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * A new single-use secret for URLs and forms (authorization codes, client secrets): base64url, 256 bits.
 *
 * @example
 * ```ts
 * newSecret(); // → 'Qm9i…' (43 characters)
 * ```
 */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A random UUID v4, the id format of every Attio object.
 *
 * @example
 * ```ts
 * newId(); // → '6f1c…-…'
 * ```
 */
export function newId(): string {
  return randomUUID();
}

/**
 * The id counters use for a token: `tok_` + the first 12 hex digits of its SHA-256. Stable across calls,
 * useless for calling the API.
 *
 * @example
 * ```ts
 * tokenIdOf('abc'); // → 'tok_ba7816bf8f01'
 * ```
 */
export function tokenIdOf(token: string): string {
  return `tok_${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}
