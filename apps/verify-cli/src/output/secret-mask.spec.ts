import { createSecretMask } from './secret-mask.js';

describe('createSecretMask', () => {
  it('when a secret is registered, then every occurrence is replaced', () => {
    const mask = createSecretMask();
    mask.add('sk_live_123456');
    expect(mask.apply('a sk_live_123456 b sk_live_123456')).toBe('a [redacted] b [redacted]');
  });

  it('when the secret has surrounding whitespace, then the trimmed form is masked too', () => {
    const mask = createSecretMask();
    mask.add('  sk_live_123456\n');
    expect(mask.apply('token "sk_live_123456"')).toBe('token "[redacted]"');
  });

  it('when one secret contains another, then the longer is replaced whole', () => {
    const mask = createSecretMask();
    mask.add('abcdef');
    mask.add('xxabcdefyy');
    expect(mask.apply('xxabcdefyy abcdef')).toBe('[redacted] [redacted]');
  });

  it('when a value is too short or undefined, then it is not registered (it would mangle text)', () => {
    const mask = createSecretMask();
    mask.add('abc');
    mask.add(undefined);
    expect(mask.apply('abc abc')).toBe('abc abc');
  });

  it('when text holds a URL with user:password, then the userinfo is masked even if never registered', () => {
    expect(
      createSecretMask().apply('redirect uri http://u:pw@localhost/cb contains a password'),
    ).toBe('redirect uri http://***@localhost/cb contains a password');
  });
});
