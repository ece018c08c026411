import type { ConsoleConfig } from './console-config.js';

/** `viewer` reads every page (never a token); `admin` may also act (revoke, delete, restore, replay). */
export type ConsoleRole = 'viewer' | 'admin';

/** The identity claims the console decides on (from the ID token, completed by userinfo). */
export interface ConsoleClaims {
  readonly sub: string;
  readonly email?: string | undefined;
  readonly emailVerified?: boolean | undefined;
  readonly name?: string | undefined;
  readonly groups: readonly string[];
}

/** Why a signed-in identity was refused (shown to the person, logged with their sub). */
export type RoleRefusal = 'CONSOLE_EMAIL_UNVERIFIED' | 'CONSOLE_NOT_ALLOWED';

/**
 * Decides the role of an identity: allowed in when its verified e-mail's domain is in
 * CONSOLE_ALLOWED_EMAIL_DOMAINS or one of its groups is in CONSOLE_ALLOWED_GROUPS; `admin` when its
 * e-mail is in CONSOLE_ADMIN_EMAILS or a group in CONSOLE_ADMIN_GROUPS, `viewer` otherwise. An e-mail
 * the provider does not call verified counts for nothing (anyone can type an address at some providers).
 *
 * @example
 * ```ts
 * roleFor(config, { sub: 'u1', email: 'ana@example.com', emailVerified: true, groups: [] });
 * // { role: 'viewer' } when example.com is allowed
 * ```
 */
export function roleFor(
  config: Pick<
    ConsoleConfig,
    'allowedEmailDomains' | 'allowedGroups' | 'adminGroups' | 'adminEmails'
  >,
  claims: ConsoleClaims,
): { role: ConsoleRole } | { refused: RoleRefusal } {
  const email = claims.emailVerified === true ? claims.email?.toLowerCase() : undefined;
  const domain = email?.slice(email.lastIndexOf('@') + 1);
  const groups = claims.groups.map((g) => g.toLowerCase());
  const byDomain = domain !== undefined && config.allowedEmailDomains.includes(domain);
  const byGroup = groups.some((g) => config.allowedGroups.includes(g));
  if (!byDomain && !byGroup) {
    return {
      refused:
        claims.email !== undefined &&
        claims.emailVerified !== true &&
        config.allowedGroups.length === 0
          ? 'CONSOLE_EMAIL_UNVERIFIED'
          : 'CONSOLE_NOT_ALLOWED',
    };
  }
  const admin =
    (email !== undefined && config.adminEmails.includes(email)) ||
    groups.some((g) => config.adminGroups.includes(g));
  return { role: admin ? 'admin' : 'viewer' };
}
