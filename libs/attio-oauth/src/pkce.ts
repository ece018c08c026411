import { createHash } from 'node:crypto';

import { randomToken } from './random-token.js';

/**
 * A PKCE verifier and its S256 challenge (RFC 7636).
 *
 * @example
 * ```ts
 * const { codeVerifier, codeChallenge }: PkcePair = createPkcePair();
 * ```
 */
export interface PkcePair {
  /** Keep server-side; send with the token request as `code_verifier`. */
  codeVerifier: string;
  /** Send on the authorize URL as `code_challenge`. */
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

/**
 * Creates a PKCE pair: a 43-character verifier (32 random bytes, base64url, within the 43–128
 * characters of RFC 7636 §4.1) and its S256 challenge (§4.2).
 *
 * Off for Attio, which does not document PKCE for third-party apps; useful against authorization
 * servers that support it. Only `S256` is offered: `plain` protects nothing if the authorize
 * request leaks.
 *
 * @example
 * ```ts
 * const { codeVerifier, codeChallenge } = createPkcePair();
 * const url = buildAuthorizeUrl({ clientId, redirectUri, state, authorizeUrl, codeChallenge });
 * // later: exchangeCode({ ..., codeVerifier })
 * ```
 */
export function createPkcePair(): PkcePair {
  const codeVerifier = randomToken(32);
  return {
    codeVerifier,
    codeChallenge: codeChallengeFor(codeVerifier),
    codeChallengeMethod: 'S256',
  };
}

/** RFC 7636 §4.1: `code-verifier = 43*128unreserved`. */
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * The S256 code challenge for a verifier: `BASE64URL(SHA256(ASCII(code_verifier)))` (RFC 7636 §4.2).
 *
 * @example
 * ```ts
 * codeChallengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
 * // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' (RFC 7636 Appendix B)
 * ```
 */
export function codeChallengeFor(codeVerifier: string): string {
  if (!VERIFIER_PATTERN.test(codeVerifier)) {
    throw new TypeError(
      'A PKCE code verifier must be 43 to 128 characters of [A-Z a-z 0-9 - . _ ~] (RFC 7636 §4.1); ' +
        'create one with createPkcePair().',
    );
  }
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}
