import { randomBytes } from 'node:crypto';

import { keyRingProblem } from './key-ring-problem.js';

const key = () => randomBytes(32).toString('base64');

describe('keyRingProblem', () => {
  it('when the key ring is valid, then there is no problem', () => {
    expect(keyRingProblem(`k2:${key()},k1:${key()}`)).toBeUndefined();
  });

  it.each([
    ['a malformed second entry', `k1:${key()},oops`, 'entry 2 is not of the form `kid:base64key`'],
    [
      'a short key',
      `k1:${randomBytes(16).toString('base64')}`,
      'key "k1" is 16 bytes; AES-256-GCM needs exactly 32 bytes (generate one with `openssl rand -base64 32`)',
    ],
    [
      'a duplicate key id',
      `k1:${key()},k1:${key()}`,
      'key id "k1" appears twice; every key id must be unique',
    ],
  ])('when given %s, then the problem names the entry and never the key', (_, value, problem) => {
    expect(keyRingProblem(value)).toBe(problem);
    for (const entry of value.split(',')) {
      const material = entry.split(':')[1] ?? '';
      if (material.length > 8) expect(keyRingProblem(value)).not.toContain(material);
    }
  });
});
