/**
 * Catches the usual copy-paste mistakes before a token is sent: an empty value, surrounding quotes or spaces,
 * a pasted `Bearer ` prefix, line breaks. Attio does not document its token alphabet, so anything else passes.
 * The message never repeats the token.
 */
import { AttioInvalidTokenFormatError } from '@attio-auth/attio-errors';

/**
 * Throws AttioInvalidTokenFormatError when `token` cannot be a valid bearer token (RFC 6750 §2.1 `b64token`
 * has no spaces, quotes or control characters).
 *
 * @example
 * ```ts
 * assertTokenFormat('sk_live_abc');   // ok
 * assertTokenFormat('Bearer sk_abc'); // throws: remove the "Bearer " prefix
 * ```
 */
export function assertTokenFormat(token: unknown): asserts token is string {
  const fail = (problem: string): never => {
    throw new AttioInvalidTokenFormatError({
      message: `The Attio token ${problem}. Pass only the token itself, as shown once in Settings > Developers or returned by the OAuth exchange.`,
      secrets: typeof token === 'string' ? [token, token.trim()] : [],
    });
  };
  if (typeof token !== 'string')
    return fail(`must be a string, got ${token === null ? 'null' : typeof token}`);
  if (token.trim() === '') return fail('is empty');
  if (/^bearer\s/i.test(token.trim())) return fail('starts with "Bearer "; remove that prefix');
  if (/^["'`]|["'`]$/.test(token.trim())) return fail('is wrapped in quotes; remove them');
  if (token !== token.trim()) return fail('has leading or trailing whitespace');
  if (/\s/.test(token)) return fail('contains whitespace');
  // Printable ASCII only: this also rejects control characters and pasted typographic quotes.
  if (/[^\u0021-\u007e]/.test(token)) return fail('contains control or non-ASCII characters');
}
