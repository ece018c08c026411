import { cookieExpiry, createInstallCookie } from './install-cookie.js';
import { hashStateBinding, verifyStateBinding } from './state.js';

const STATE = 'state-0123456789abcdefghijklmnopqrstuvwxyzABC';
const EXPIRES_AT = new Date('2026-11-28T16:00:00.000Z');

/** The value with its expiry field replaced, everything else as made. */
function withExpiry(value: string, ms: number): string {
  const [version, , ...rest] = value.split('.');
  return [version, ms.toString(36), ...rest].join('.');
}

describe('createInstallCookie', () => {
  it('when created, then the value embeds the expiry and a tag, and the stored hash is its SHA-256', () => {
    const cookie = createInstallCookie(STATE, EXPIRES_AT);
    expect(cookie.value).toMatch(/^v2\.[0-9a-z]+\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{22}$/);
    expect(cookie.bindingHash).toBe(hashStateBinding(cookie.value));
    expect(cookieExpiry(cookie.value, STATE)).toEqual(EXPIRES_AT);
  });

  it('when created twice for the same state and expiry, then the values differ', () => {
    expect(createInstallCookie(STATE, EXPIRES_AT).value).not.toBe(
      createInstallCookie(STATE, EXPIRES_AT).value,
    );
  });

  it('when the callback presents it, then verifyStateBinding accepts it and refuses another', () => {
    const cookie = createInstallCookie(STATE, EXPIRES_AT);
    const other = createInstallCookie(STATE, EXPIRES_AT);
    expect(verifyStateBinding(cookie.value, cookie.bindingHash)).toBe(true);
    expect(verifyStateBinding(other.value, cookie.bindingHash)).toBe(false);
  });
});

describe('cookieExpiry', () => {
  it('when the expiry field was edited, then no expiry is read, earlier or later', () => {
    const { value } = createInstallCookie(STATE, EXPIRES_AT);
    expect(
      cookieExpiry(withExpiry(value, EXPIRES_AT.getTime() - 3_600_000), STATE),
    ).toBeUndefined();
    expect(
      cookieExpiry(withExpiry(value, EXPIRES_AT.getTime() + 3_600_000), STATE),
    ).toBeUndefined();
  });

  it('when the value was made for another state, then no expiry is read', () => {
    const { value } = createInstallCookie(STATE, EXPIRES_AT);
    expect(cookieExpiry(value, `${STATE}x`)).toBeUndefined();
    expect(cookieExpiry(value, '')).toBeUndefined();
  });

  it('when a value was not made by createInstallCookie, then no expiry is read from it', () => {
    expect(cookieExpiry('forged', STATE)).toBeUndefined();
    expect(cookieExpiry(undefined, STATE)).toBeUndefined();
    expect(cookieExpiry('v2.zz.short', STATE)).toBeUndefined();
    // The earlier format carried the expiry without a tag: never trusted.
    expect(cookieExpiry(`v1.lz2x9k00.${'a'.repeat(43)}`, STATE)).toBeUndefined();
  });
});
