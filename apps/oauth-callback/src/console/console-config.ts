import { httpUrl, type ConfigRule } from '@attio-auth/app-config';
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const list = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e !== ''),
  );

const minutes = (min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

/**
 * The admin console's variables (OpenID Connect sign-in, roles, session timeouts) and the optional
 * separate admin listener. Spread into the service's schema. The console is on when
 * CONSOLE_OIDC_ISSUER is set.
 */
export const consoleConfigShape = {
  CONSOLE_OIDC_ISSUER: httpUrl({ allowQuery: false })
    .optional()
    .describe(
      'OpenID Connect issuer of the admin console sign-in (Okta, Google, Entra, Keycloak…); unset = console off.',
    ),
  CONSOLE_OIDC_CLIENT_ID: optionalText.describe('Client id registered at the OpenID provider.'),
  CONSOLE_OIDC_CLIENT_SECRET: optionalText.describe(
    'Client secret at the OpenID provider; also keys the console session cookie. Never logged.',
  ),
  CONSOLE_OIDC_REDIRECT_URI: httpUrl()
    .optional()
    .describe(
      'Redirect URI registered at the provider; default PUBLIC_BASE_URL origin + /admin/console/callback.',
    ),
  CONSOLE_ALLOWED_EMAIL_DOMAINS: list.describe(
    'Comma-separated e-mail domains allowed to sign in (verified e-mail required).',
  ),
  CONSOLE_ALLOWED_GROUPS: list.describe(
    'Comma-separated group names (CONSOLE_GROUPS_CLAIM) allowed to sign in; a match of either list is enough.',
  ),
  CONSOLE_ADMIN_GROUPS: list.describe(
    'Groups whose members get the admin role (actions); everyone else allowed in is a viewer.',
  ),
  CONSOLE_ADMIN_EMAILS: list.describe('E-mail addresses that get the admin role.'),
  CONSOLE_GROUPS_CLAIM: z
    .string()
    .trim()
    .min(1)
    .default('groups')
    .describe('ID token / userinfo claim that lists the groups.'),
  CONSOLE_SESSION_IDLE_MINUTES: minutes(1, 24 * 60)
    .default(30)
    .describe('Console session ends after this many minutes without a request.'),
  CONSOLE_SESSION_MAX_MINUTES: minutes(5, 7 * 24 * 60)
    .default(12 * 60)
    .describe('Console session ends this many minutes after sign-in, however active.'),
  ADMIN_HOST: optionalText.describe(
    'With ADMIN_PORT: listen address of the console and admin API; default HOST.',
  ),
  ADMIN_PORT: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(0, { message: 'must be at least 0' })
    .max(65535, { message: 'must be at most 65535' })
    .optional()
    .describe(
      'Separate listener for /admin (console and JSON API), which PORT then no longer serves; unset = on PORT.',
    ),
};

/** What the console needs from the environment, once validated. */
export interface ConsoleConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly allowedEmailDomains: readonly string[];
  readonly allowedGroups: readonly string[];
  readonly adminGroups: readonly string[];
  readonly adminEmails: readonly string[];
  readonly groupsClaim: string;
  readonly idleTimeoutMs: number;
  readonly absoluteTimeoutMs: number;
  /** Secure flag of its cookies: the redirect URI is https. */
  readonly cookieSecure: boolean;
}

type ConsoleValues = Partial<z.output<z.ZodObject<typeof consoleConfigShape>>>;

/** With CONSOLE_OIDC_ISSUER set, the client and at least one allow-list are required. */
export const consoleRule: ConfigRule<ConsoleValues> = (values) => {
  if (values.CONSOLE_OIDC_ISSUER === undefined) return [];
  const problems = [];
  if (values.CONSOLE_OIDC_CLIENT_ID === undefined)
    problems.push({
      variable: 'CONSOLE_OIDC_CLIENT_ID',
      message: 'is required with CONSOLE_OIDC_ISSUER',
    });
  if (values.CONSOLE_OIDC_CLIENT_SECRET === undefined)
    problems.push({
      variable: 'CONSOLE_OIDC_CLIENT_SECRET',
      message: 'is required with CONSOLE_OIDC_ISSUER (or CONSOLE_OIDC_CLIENT_SECRET_FILE)',
    });
  else if (values.CONSOLE_OIDC_CLIENT_SECRET.length < 16)
    problems.push({
      variable: 'CONSOLE_OIDC_CLIENT_SECRET',
      message: 'must be at least 16 characters (it also keys the session cookie)',
    });
  if (
    (values.CONSOLE_ALLOWED_EMAIL_DOMAINS ?? []).length === 0 &&
    (values.CONSOLE_ALLOWED_GROUPS ?? []).length === 0
  )
    problems.push({
      variable: 'CONSOLE_ALLOWED_EMAIL_DOMAINS',
      message:
        'or CONSOLE_ALLOWED_GROUPS is required with CONSOLE_OIDC_ISSUER: without an allow-list anyone the provider knows could sign in',
    });
  if (
    values.CONSOLE_SESSION_IDLE_MINUTES !== undefined &&
    values.CONSOLE_SESSION_MAX_MINUTES !== undefined &&
    values.CONSOLE_SESSION_IDLE_MINUTES > values.CONSOLE_SESSION_MAX_MINUTES
  )
    problems.push({
      variable: 'CONSOLE_SESSION_IDLE_MINUTES',
      message: 'must not exceed CONSOLE_SESSION_MAX_MINUTES',
    });
  return problems;
};

/**
 * The console's settings from validated values, or undefined when CONSOLE_OIDC_ISSUER is unset.
 *
 * @example
 * ```ts
 * consoleConfigOf(values, 'https://auth.example.com')?.redirectUri; // https://auth.example.com/admin/console/callback
 * ```
 */
export function consoleConfigOf(
  e: z.output<z.ZodObject<typeof consoleConfigShape>>,
  publicBaseUrl: string,
): ConsoleConfig | undefined {
  if (
    e.CONSOLE_OIDC_ISSUER === undefined ||
    e.CONSOLE_OIDC_CLIENT_ID === undefined ||
    e.CONSOLE_OIDC_CLIENT_SECRET === undefined
  )
    return undefined;
  const redirectUri =
    e.CONSOLE_OIDC_REDIRECT_URI ?? `${new URL(publicBaseUrl).origin}/admin/console/callback`;
  return {
    issuer: e.CONSOLE_OIDC_ISSUER,
    clientId: e.CONSOLE_OIDC_CLIENT_ID,
    clientSecret: e.CONSOLE_OIDC_CLIENT_SECRET,
    redirectUri,
    allowedEmailDomains: e.CONSOLE_ALLOWED_EMAIL_DOMAINS,
    allowedGroups: e.CONSOLE_ALLOWED_GROUPS,
    adminGroups: e.CONSOLE_ADMIN_GROUPS,
    adminEmails: e.CONSOLE_ADMIN_EMAILS,
    groupsClaim: e.CONSOLE_GROUPS_CLAIM,
    idleTimeoutMs: e.CONSOLE_SESSION_IDLE_MINUTES * 60_000,
    absoluteTimeoutMs: e.CONSOLE_SESSION_MAX_MINUTES * 60_000,
    cookieSecure: redirectUri.startsWith('https:'),
  };
}
