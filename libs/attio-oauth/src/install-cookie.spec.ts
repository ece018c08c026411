import { cookieExpiry, createInstallCookie } from './install-cookie.js';
import { hashStateBinding, verifyStateBinding } from './state.js';

describe('createInstallCookie', () => {
  it('when created, then the value embeds the expiry and the stored hash is its SHA-256', () => {
    const expiresAt = new Date('2026-11-28T16:00:00.000Z');
    const cookie = createInstallCookie(expiresAt);
    expect(cookie.value).toMatch(/^v1\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    expect(cookie.bindingHash).toBe(hashStateBinding(cookie.value));
    expect(cookieExpiry(cookie.value)).toEqual(expiresAt);
  });

  it('when created twice for the same expiry, then the random parts differ', () => {
    const expiresAt = new Date('2026-11-28T16:00:00.000Z');
    expect(createInstallCookie(expiresAt).value).not.toBe(createInstallCookie(expiresAt).value);
  });

  it('when the callback presents it, then verifyStateBinding accepts it and refuses another', () => {
    const cookie = createInstallCookie(new Date('2026-11-28T16:00:00.000Z'));
    const other = createInstallCookie(new Date('2026-11-28T16:00:00.000Z'));
    expect(verifyStateBinding(cookie.value, cookie.bindingHash)).toBe(true);
    expect(verifyStateBinding(other.value, cookie.bindingHash)).toBe(false);
  });
});

describe('cookieExpiry', () => {
  it('when a value was not made by createInstallCookie, then no expiry is read from it', () => {
    expect(cookieExpiry('forged')).toBeUndefined();
    expect(cookieExpiry(undefined)).toBeUndefined();
    expect(cookieExpiry('v1.zz.short')).toBeUndefined();
    expect(cookieExpiry(`v2.lz2x9k00.${'a'.repeat(43)}`)).toBeUndefined();
  });

  it('when the embedded expiry is too large to be a date, then no expiry is read', () => {
    expect(cookieExpiry(`v1.zzzzzzzzzzzz.${'a'.repeat(43)}`)).toBeUndefined();
  });
});
