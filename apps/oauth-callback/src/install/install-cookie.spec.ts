import { hashStateBinding } from '@attio-auth/attio-oauth';

import { cookieExpiry, createInstallCookie } from './install-cookie.js';

describe('createInstallCookie', () => {
  it('when created, then the value embeds the expiry and the stored hash is its SHA-256', () => {
    const expiresAt = new Date('2026-11-28T16:00:00.000Z');
    const cookie = createInstallCookie(expiresAt);
    expect(cookie.value).toMatch(/^v1\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    expect(cookie.bindingHash).toBe(hashStateBinding(cookie.value));
    expect(cookieExpiry(cookie.value)).toEqual(expiresAt);
  });

  it('when a value was not made here, then no expiry is read from it', () => {
    expect(cookieExpiry('forged')).toBeUndefined();
    expect(cookieExpiry(undefined)).toBeUndefined();
    expect(cookieExpiry('v1.zz.short')).toBeUndefined();
  });
});
