import { codeChallengeFor, createPkcePair } from './pkce.js';

describe('createPkcePair', () => {
  it('when called, then the verifier is 43 base64url characters and the challenge is its S256 hash', () => {
    const pair = createPkcePair();
    expect(pair.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.codeChallengeMethod).toBe('S256');
    expect(pair.codeChallenge).toBe(codeChallengeFor(pair.codeVerifier));
  });

  it('when called twice, then the verifiers differ', () => {
    expect(createPkcePair().codeVerifier).not.toBe(createPkcePair().codeVerifier);
  });
});

describe('codeChallengeFor', () => {
  it('when given the RFC 7636 Appendix B verifier, then it returns the RFC challenge', () => {
    expect(codeChallengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('when the verifier is shorter than 43 characters, then it says what a verifier must be', () => {
    expect(() => codeChallengeFor('short')).toThrow(
      'A PKCE code verifier must be 43 to 128 characters of [A-Z a-z 0-9 - . _ ~] (RFC 7636 §4.1); ' +
        'create one with createPkcePair().',
    );
  });

  it('when the verifier has a character outside the unreserved set, then it is refused', () => {
    expect(() => codeChallengeFor(`${'a'.repeat(43)}+`)).toThrow(TypeError);
  });
});
