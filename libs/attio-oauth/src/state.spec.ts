import { createHash } from 'node:crypto';

import { constantTimeEqual, randomToken, sha256Base64Url } from './random-token.js';
import { createState, createStateBinding, hashStateBinding, verifyStateBinding } from './state.js';

describe('createState', () => {
  it('when called, then it returns 32 random bytes as 43 base64url characters', () => {
    const state = createState();
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(state, 'base64url')).toHaveLength(32);
  });

  it('when called 1000 times, then no value repeats', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => createState()));
    expect(seen.size).toBe(1000);
  });
});

describe('randomToken', () => {
  it('when asked for fewer than 16 bytes, then it refuses with the reason', () => {
    expect(() => randomToken(8)).toThrow('randomToken needs at least 16 bytes of entropy; got 8.');
  });

  it('when asked for 48 bytes, then it returns 64 characters', () => {
    expect(randomToken(48)).toHaveLength(64);
  });
});

describe('sha256Base64Url', () => {
  it('when hashing "abc", then it matches the FIPS 180-2 test vector in base64url', () => {
    const expected = createHash('sha256').update('abc').digest('base64url');
    expect(sha256Base64Url('abc')).toBe(expected);
    expect(expected).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });
});

describe('constantTimeEqual', () => {
  it('when the strings are equal, then true', () => {
    expect(constantTimeEqual('secret-admin-token', 'secret-admin-token')).toBe(true);
  });

  it('when the strings differ only in length or last character, then false', () => {
    expect(constantTimeEqual('secret', 'secret-')).toBe(false);
    expect(constantTimeEqual('secret-a', 'secret-b')).toBe(false);
    expect(constantTimeEqual('', 'x')).toBe(false);
  });
});

describe('state binding', () => {
  it('when the cookie value is presented, then it verifies against the stored hash', () => {
    const { cookieValue, bindingHash } = createStateBinding();
    expect(bindingHash).toBe(hashStateBinding(cookieValue));
    expect(bindingHash).not.toBe(cookieValue);
    expect(verifyStateBinding(cookieValue, bindingHash)).toBe(true);
  });

  it('when another cookie, no cookie or an empty cookie is presented, then it does not verify', () => {
    const { bindingHash } = createStateBinding();
    expect(verifyStateBinding(createStateBinding().cookieValue, bindingHash)).toBe(false);
    expect(verifyStateBinding(undefined, bindingHash)).toBe(false);
    expect(verifyStateBinding('', bindingHash)).toBe(false);
    expect(verifyStateBinding('', hashStateBinding(''))).toBe(false);
  });
});
