import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { isConnectionStoreError } from '../errors/connection-store-error.js';
import { generateKeyRingEntry, KeyRing, parseKeyRing } from './key-ring.js';

const key32 = () => randomBytes(32).toString('base64');

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isConnectionStoreError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected an error');
}

describe('parseKeyRing', () => {
  it('when several entries are given, then the first is active and all ids are kept in order', () => {
    const ring = parseKeyRing(` new:${key32()} , old:${key32()}`);
    expect(ring.activeKeyId).toBe('new');
    expect(ring.keyIds).toEqual(['new', 'old']);
    expect(ring.keyFor('old')?.length).toBe(32);
    expect(ring.keyFor('missing')).toBeUndefined();
  });

  it('when a key is base64url encoded, then it is accepted', () => {
    const ring = parseKeyRing(`k:${randomBytes(32).toString('base64url')}`);
    expect(ring.keyFor('k')?.length).toBe(32);
  });

  it('when the value is empty, then STORE_KEY_INVALID explains the expected format', () => {
    expect(errorOf(() => parseKeyRing('  '))).toEqual({
      code: 'STORE_KEY_INVALID',
      message:
        'Invalid encryption key ring: the key ring is empty; expected `kid:base64key[,kid:base64key…]`.',
    });
  });

  it('when an entry has no key id, then the error names the entry position, not its content', () => {
    const secret = key32();
    const err = errorOf(() => parseKeyRing(`a:${key32()},${secret}`));
    expect(err).toEqual({
      code: 'STORE_KEY_INVALID',
      message: 'Invalid encryption key ring: entry 2 is not of the form `kid:base64key`.',
    });
  });

  it('when a key has the wrong length, then the error names the kid and length but not the key', () => {
    const short = randomBytes(16).toString('base64');
    const err = errorOf(() => parseKeyRing(`k1:${short}`));
    expect(err).toEqual({
      code: 'STORE_KEY_INVALID',
      message:
        'Invalid encryption key ring: key "k1" is 16 bytes; AES-256-GCM needs exactly 32 bytes ' +
        '(generate one with `openssl rand -base64 32`).',
    });
    expect(err.message).not.toContain(short);
  });

  it('when a key is not base64, a kid repeats or a kid has odd characters, then each gets its own message', () => {
    expect(errorOf(() => parseKeyRing('k1:not base64!')).message).toBe(
      'Invalid encryption key ring: key "k1" is not valid base64.',
    );
    const k = key32();
    expect(errorOf(() => parseKeyRing(`k1:${k},k1:${key32()}`)).message).toBe(
      'Invalid encryption key ring: key id "k1" appears twice; every key id must be unique.',
    );
    expect(errorOf(() => parseKeyRing(`bad kid:${k}`)).message).toBe(
      'Invalid encryption key ring: entry 1 has an invalid key id; use 1–64 letters, digits, ".", "_" or "-".',
    );
  });

  it('when a key ring is logged or serialised, then only key ids appear', () => {
    const material = key32();
    const ring = parseKeyRing(`k1:${material}`);
    expect(JSON.stringify(ring)).toBe('{"activeKeyId":"k1","keyIds":["k1"]}');
    const hex = Buffer.from(material, 'base64').toString('hex');
    const inspected = inspect(ring, { showHidden: true, depth: 5 });
    expect(inspected).not.toContain(material);
    expect(inspected).not.toContain(hex.slice(0, 16));
  });
});

describe('generateKeyRingEntry', () => {
  it('when called with a kid, then it returns a parseable entry with 32 fresh bytes', () => {
    const a = generateKeyRingEntry('2026-11');
    const b = generateKeyRingEntry('2026-11');
    expect(a).toMatch(/^2026-11:[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(parseKeyRing(a).activeKeyId).toBe('2026-11');
  });

  it('when called without a kid, then it makes one up', () => {
    expect(generateKeyRingEntry()).toMatch(/^k-[0-9a-f]{8}:/);
  });

  it('when the KeyRing constructor gets no entries, then it refuses', () => {
    expect(errorOf(() => new KeyRing([])).code).toBe('STORE_KEY_INVALID');
  });
});
