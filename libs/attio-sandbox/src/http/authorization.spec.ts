import { parseAuthorization } from './authorization.js';

const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

describe('parseAuthorization', () => {
  it('when the header is absent or empty, then missing', () => {
    expect(parseAuthorization(undefined)).toEqual({ kind: 'missing' });
    expect(parseAuthorization('')).toEqual({ kind: 'missing' });
  });

  it('when Bearer (any case) carries a token, then the token', () => {
    expect(parseAuthorization('Bearer abc123')).toEqual({
      kind: 'token',
      token: 'abc123',
    });
    expect(parseAuthorization('bearer abc123')).toEqual({
      kind: 'token',
      token: 'abc123',
    });
  });

  it('when Basic carries the token as user name (empty or no password), then the token', () => {
    expect(parseAuthorization(basic('abc123:'))).toEqual({
      kind: 'token',
      token: 'abc123',
    });
    expect(parseAuthorization(basic('abc123'))).toEqual({
      kind: 'token',
      token: 'abc123',
    });
  });

  it('when the scheme, value or encoding is wrong, then malformed', () => {
    for (const h of [
      'Bearer',
      'Bearer ',
      'Bearer a b',
      'Token abc',
      'abc',
      'Basic %%%',
      basic(':pw'),
    ]) {
      expect([h, parseAuthorization(h)]).toEqual([h, { kind: 'malformed' }]);
    }
  });
});
