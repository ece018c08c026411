import { randomBytes } from 'node:crypto';
import { parseKeyRing } from './key-ring.js';
import { decryptToken, encryptToken } from './token-cipher.js';

const ring = parseKeyRing(
  `k2:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`,
);

describe('token cipher', () => {
  it('when a token is encrypted, then it decrypts to the same token with the active kid and a 12-byte IV', () => {
    const sealed = encryptToken(ring, 'ws-1', 'token-value');
    expect(sealed.kid).toBe('k2');
    expect(sealed.iv.length).toBe(12);
    expect(sealed.ciphertext.length).toBe('token-value'.length + 16);
    expect(decryptToken(ring, 'ws-1', sealed)).toBe('token-value');
  });

  it('when the workspace differs from the one used to encrypt, then STORE_DECRYPT_FAILED', () => {
    const sealed = encryptToken(ring, 'ws-1', 'token-value');
    expect(() => decryptToken(ring, 'ws-2', sealed)).toThrow(
      expect.objectContaining({ code: 'STORE_DECRYPT_FAILED' }) as Error,
    );
  });

  it('when the kid label is changed to another key in the ring, then STORE_DECRYPT_FAILED (AAD binds the kid)', () => {
    const sealed = encryptToken(ring, 'ws-1', 'token-value');
    expect(() => decryptToken(ring, 'ws-1', { ...sealed, kid: 'k1' })).toThrow(
      expect.objectContaining({ code: 'STORE_DECRYPT_FAILED' }) as Error,
    );
  });

  it('when one ciphertext byte flips, then authentication fails', () => {
    const sealed = encryptToken(ring, 'ws-1', 'token-value');
    const tampered = Buffer.from(sealed.ciphertext);
    tampered[0] ^= 1;
    expect(() => decryptToken(ring, 'ws-1', { ...sealed, ciphertext: tampered })).toThrow(
      'The token of workspace "ws-1" failed authentication with key "k2"',
    );
  });

  it('when the IV has the wrong size, then STORE_DECRYPT_FAILED rather than a crypto exception', () => {
    const sealed = encryptToken(ring, 'ws-1', 'token-value');
    expect(() => decryptToken(ring, 'ws-1', { ...sealed, iv: sealed.iv.subarray(0, 8) })).toThrow(
      expect.objectContaining({ code: 'STORE_DECRYPT_FAILED' }) as Error,
    );
  });

  it('when the kid is not in the ring, then STORE_KEY_UNKNOWN lists the ring ids', () => {
    const sealed = encryptToken(ring, 'ws-1', 'token-value');
    expect(() => decryptToken(ring, 'ws-1', { ...sealed, kid: 'k0' })).toThrow(
      'The token of workspace "ws-1" was encrypted with key id "k0", which is not in the key ring ("k2", "k1").',
    );
  });
});
