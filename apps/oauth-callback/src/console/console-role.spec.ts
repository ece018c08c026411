import { roleFor } from './console-role.js';

const config = {
  allowedEmailDomains: ['example.com'],
  allowedGroups: ['ops'],
  adminGroups: ['ops-admins'],
  adminEmails: ['boss@example.com'],
};

describe('roleFor', () => {
  it('when the verified e-mail is in an allowed domain, then the identity is a viewer', () => {
    expect(
      roleFor(config, { sub: 'u', email: 'Ana@Example.com', emailVerified: true, groups: [] }),
    ).toEqual({ role: 'viewer' });
  });

  it('when the e-mail is in CONSOLE_ADMIN_EMAILS, then the identity is an admin', () => {
    expect(
      roleFor(config, { sub: 'u', email: 'boss@example.com', emailVerified: true, groups: [] }),
    ).toEqual({ role: 'admin' });
  });

  it('when a group is allowed and another is an admin group, then the identity is an admin', () => {
    expect(roleFor(config, { sub: 'u', groups: ['ops', 'OPS-ADMINS'] })).toEqual({ role: 'admin' });
  });

  it('when the e-mail is not verified, then the domain does not let it in', () => {
    expect(
      roleFor(config, { sub: 'u', email: 'ana@example.com', emailVerified: false, groups: [] }),
    ).toEqual({ refused: 'CONSOLE_NOT_ALLOWED' });
    expect(
      roleFor({ ...config, allowedGroups: [] }, { sub: 'u', email: 'ana@example.com', groups: [] }),
    ).toEqual({ refused: 'CONSOLE_EMAIL_UNVERIFIED' });
  });

  it('when the domain only ends like an allowed one, then the identity is refused', () => {
    expect(
      roleFor(config, { sub: 'u', email: 'eve@evilexample.com', emailVerified: true, groups: [] }),
    ).toEqual({ refused: 'CONSOLE_NOT_ALLOWED' });
    expect(
      roleFor(config, {
        sub: 'u',
        email: 'eve@example.com.evil.io',
        emailVerified: true,
        groups: [],
      }),
    ).toEqual({ refused: 'CONSOLE_NOT_ALLOWED' });
  });

  it('when an admin group is held without an allowed group or domain, then the identity is refused', () => {
    expect(roleFor(config, { sub: 'u', groups: ['ops-admins'] })).toEqual({
      refused: 'CONSOLE_NOT_ALLOWED',
    });
  });
});
