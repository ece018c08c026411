import { randomBytes } from 'node:crypto';

import { estimateEntropyBits, weakSecretProblem } from './secret-strength.js';

const options = { generate: 'openssl rand -base64 32' };

describe('estimateEntropyBits', () => {
  it('when the value repeats one character, then it scores 0; two equally used, 1 bit each', () => {
    expect(estimateEntropyBits('a'.repeat(32))).toBe(0);
    expect(estimateEntropyBits('abab')).toBe(4);
    expect(estimateEntropyBits('')).toBe(0);
  });
});

describe('weakSecretProblem', () => {
  it('when the secret is 32 × "a", then it is refused with how to generate one, without the value', () => {
    expect(weakSecretProblem('a'.repeat(32), options)).toBe(
      'is too easy to guess (about 0 bits by a character-frequency estimate; at least 128 needed): ' +
        'generate one with `openssl rand -base64 32`',
    );
  });

  it('when a long but patterned secret is given, then it is refused too', () => {
    expect(weakSecretProblem('abcd'.repeat(10), options)).toMatch(
      /^is too easy to guess \(about 80 /,
    );
    expect(weakSecretProblem('password'.repeat(4), options)).toMatch(
      /^is too easy to guess \(about 88 /,
    );
  });

  it('when the secret holds whitespace, then it is refused for that', () => {
    const value = `${randomBytes(32).toString('base64url')} x`;
    expect(weakSecretProblem(value, options)).toBe(
      'must not contain whitespace: generate one with `openssl rand -base64 32`',
    );
  });

  it('when 200 random 32-byte base64url and base64 tokens are checked, then every one is accepted', () => {
    for (let i = 0; i < 200; i++) {
      expect(weakSecretProblem(randomBytes(32).toString('base64url'), options)).toBeUndefined();
      expect(weakSecretProblem(randomBytes(32).toString('base64'), options)).toBeUndefined();
    }
  });
});
