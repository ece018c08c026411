import { isIP } from 'node:net';

import {
  flag,
  httpsRequired,
  httpUrl,
  problemCheck,
  sharedLimiterRule,
  sharedLimiterVariables,
  weakSecretProblem,
  type ConfigRule,
} from '@attio-auth/app-config';
import { describeUnknownScopes, parseScopes, unknownScopes } from '@attio-auth/attio-core';
import { keyRingProblem } from '@attio-auth/connection-store';
import { eventConfigShape, eventDestinationsRule } from '@attio-auth/event-delivery';
import { z } from 'zod';

import { consoleConfigShape, consoleRule } from './console/console-config.js';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const int = (min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Express/proxy-addr `trust proxy`: false, true, a hop count, or names (loopback, linklocal,
 * uniquelocal), IPs and CIDR subnets, comma-separated. Checked here entry by entry, so a value
 * Express would throw on at start-up (`10.0.0.0/33`) is a configuration problem naming the entry.
 */
function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'false' || value === '0' || value === '') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((p) => p.trim())
    .join(',');
}

function trustProxyEntryProblem(entry: string, position: number): string | undefined {
  if (entry === '') return `entry ${position} is empty`;
  if (TRUST_PROXY_NAMES.has(entry)) return undefined;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) {
    return `entry ${position} (${entry}) is not an IP address or subnet`;
  }
  const max = family === 4 ? 32 : 128;
  if (prefix !== undefined && Number(prefix) > max) {
    return `entry ${position} (${entry}) has a prefix length above ${max}`;
  }
  return undefined;
}

function trustProxyProblem(value: string): string | undefined {
  if (/^(true|false|\d+)$/.test(value)) return undefined;
  const entries = value.split(',').map((p) => p.trim());
  for (const [index, entry] of entries.entries()) {
    const problem = trustProxyEntryProblem(entry, index + 1);
    if (problem !== undefined) {
      return (
        `${problem}; write false, true, a hop count (e.g. 1) or comma-separated addresses, ` +
        'subnets (10.0.0.0/8) and loopback, linklocal, uniquelocal'
      );
    }
  }
  return undefined;
}

const trustProxy = z
  .string()
  .trim()
  .superRefine(problemCheck(trustProxyProblem))
  .transform(parseTrustProxy);

/** TOKEN_ENCRYPTION_KEYS as the store will parse it, checked now so it is listed with the rest. */
function keyRingVariableProblem(value: string): string | undefined {
  const problem = keyRingProblem(value);
  return problem === undefined
    ? undefined
    : `${problem}; write kid:base64(32 bytes)[,kid:base64…], e.g. \`k1:$(openssl rand -base64 32)\``;
}

function adminTokenProblem(value: string): string | undefined {
  const problem = weakSecretProblem(value, { minBits: 128, generate: 'openssl rand -base64 32' });
  return problem === undefined
    ? undefined
    : `${problem}, or unset ADMIN_TOKEN to turn the admin API off`;
}

/** Each entry of INSTALL_RETURN_TO_ALLOWLIST must be an http(s) URL without query or fragment. */
function returnToAllowlistProblem(value: string): string | undefined {
  for (const [index, entry] of parseAllowlist(value).entries()) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return `entry ${index + 1} is not a URL; write origins or URL prefixes like https://app.example.com/settings/`;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return `entry ${index + 1} must be an http:// or https:// URL`;
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
      return `entry ${index + 1} must not carry a query, fragment or credentials`;
  }
  return undefined;
}

/**
 * INSTALL_RETURN_TO_ALLOWLIST as a list of entries (empty ones dropped).
 *
 * @example
 * ```ts
 * parseAllowlist('https://a.example, https://b.example/x/'); // ['https://a.example', 'https://b.example/x/']
 * ```
 */
export function parseAllowlist(value: string): string[] {
  return value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

/**
 * A configured scope requirement that is not in Attio's scope table never matches a grant, so
 * every install would be refused: a typo is refused at start-up instead.
 */
function requiredScopesProblem(value: string): string | undefined {
  const unknown = unknownScopes(parseScopes(value));
  return unknown.length === 0
    ? undefined
    : `${describeUnknownScopes(unknown)}; scopes are <family>:read or <family>:read-write`;
}

/**
 * The zod schema of the service's environment, one entry per variable with its default and a
 * description (the README's configuration table is generated from it by tools/docs). Empty values
 * count as unset (`loadConfig` drops them first). The rules that need several variables (a key
 * ring outside dev mode, no demo mode and no plain http in production) are {@link CONFIG_RULES}.
 *
 * @example
 * ```ts
 * configSchema.shape.PORT.parse('8080'); // 8080
 * ```
 */
export const configSchema = z.object({
  NODE_ENV: z
    .string()
    .trim()
    .default('production')
    .describe('`development` turns on dev mode (see DEMO_MODE).'),
  DEMO_MODE: flag()
    .default(false)
    .describe(
      '1 = dev mode: without TOKEN_ENCRYPTION_KEYS a key is generated under DATA_DIR (never in production).',
    ),
  PORT: int(0, 65535).default(3000).describe('Listen port (0 = random).'),
  METRICS_PORT: int(0, 65535)
    .optional()
    .describe(
      'Serve /metrics on this port only (same HOST), not on PORT, so it need not be exposed with /install; unset = /metrics on PORT.',
    ),
  HOST: z
    .string()
    .trim()
    .min(1)
    .default('127.0.0.1')
    .describe('Listen address; 0.0.0.0 in a container.'),
  PUBLIC_BASE_URL: httpUrl({ allowQuery: false }).describe(
    'Public origin browsers reach the service at; the redirect URI is derived from it.',
  ),
  OAUTH_REDIRECT_URI: httpUrl()
    .optional()
    .describe(
      'Redirect URI registered on the Attio app; default PUBLIC_BASE_URL + /oauth/callback.',
    ),
  ATTIO_CLIENT_ID: z
    .string({ message: 'is required (your OAuth app client id)' })
    .trim()
    .min(1, 'is required')
    .describe('OAuth app client id (Attio developer dashboard).'),
  ATTIO_CLIENT_SECRET: z
    .string({ message: 'is required (your OAuth app client secret)' })
    .trim()
    .min(1, 'is required')
    .describe('OAuth app client secret; never logged or shown.'),
  ATTIO_AUTHORIZE_URL: httpUrl()
    .default('https://app.attio.com/authorize')
    .describe('Attio consent page.'),
  ATTIO_TOKEN_URL: httpUrl()
    .default('https://app.attio.com/oauth/token')
    .describe('Attio token endpoint (code exchange).'),
  ATTIO_API_BASE_URL: httpUrl({ allowQuery: false })
    .default('https://api.attio.com')
    .describe('Attio REST API base (/v2/self identifies the new token).'),
  ATTIO_REQUIRED_SCOPES: z
    .string()
    .default('')
    .superRefine(problemCheck(requiredScopesProblem))
    .describe(
      'Scopes an install must grant (space/comma separated); otherwise it is refused and nothing stored.',
    ),
  ATTIO_TIMEOUT_MS: int(100, 120_000)
    .default(10_000)
    .describe('Timeout of the code exchange and of /v2/self, in ms.'),
  ATTIO_REVOKE_URL: httpUrl()
    .optional()
    .describe(
      'Attio token revocation endpoint (deletes, replaced and refused tokens, the background pass); default `revoke` beside ATTIO_TOKEN_URL (https://app.attio.com/oauth/revoke).',
    ),
  ANONYMOUS_INSTALL: flag()
    .default(true)
    .describe(
      'true = anyone may install from / and /install; false (internal deployments) = only links from POST /admin/install-sessions.',
    ),
  INSTALL_RETURN_TO_ALLOWLIST: z
    .string()
    .default('')
    .superRefine(problemCheck(returnToAllowlistProblem))
    .describe(
      "Comma-separated origins or URL prefixes an install link's returnTo may point at; empty = no returnTo accepted.",
    ),
  APP_NAME: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .default('attio-auth')
    .describe('Name shown on every page (landing, success, failure).'),
  SUPPORT_URL: httpUrl()
    .optional()
    .describe('Help page failure pages point the person installing at; unset = no link.'),
  APP_LOGO_URL: httpUrl()
    .optional()
    .describe('Logo shown on every page; https:// only in production.'),
  POST_INSTALL_URL: httpUrl()
    .optional()
    .describe(
      'After a successful install, 303 here (with ?workspace_id=) instead of the success page.',
    ),
  POST_INSTALL_SIGNING_KEY: optionalText
    .refine((v) => v === undefined || v.length >= 32, {
      message:
        'must be at least 32 characters (e.g. `openssl rand -base64 32`), or unset to send workspace_id unsigned',
    })
    .describe(
      'HMAC key (≥ 32 characters) signing the POST_INSTALL_URL redirect (workspace_id, ts, sig); unset = workspace_id is unsigned and untrusted.',
    ),
  DATABASE_URL: optionalText.describe(
    'Connection store: unset = SQLite under DATA_DIR; postgres://… for several instances.',
  ),
  DATABASE_POOL_SIZE: int(1, 1000)
    .default(10)
    .describe('PostgreSQL only: connections in the pool.'),
  DATABASE_CONNECT_TIMEOUT_MS: int(0, 600_000)
    .default(5_000)
    .describe(
      'PostgreSQL only: max wait to connect, or for a free pooled connection, in ms (0 = none).',
    ),
  DATABASE_STATEMENT_TIMEOUT_MS: int(0, 600_000)
    .default(10_000)
    .describe('PostgreSQL only: statement_timeout of every session, in ms (0 = none).'),
  DATABASE_LOCK_TIMEOUT_MS: int(0, 600_000)
    .default(3_000)
    .describe(
      'PostgreSQL only: lock_timeout, how long a statement waits for a locked table or row, in ms (0 = none).',
    ),
  TOKEN_ENCRYPTION_KEYS: optionalText
    .superRefine(problemCheck(keyRingVariableProblem))
    .describe('kid:base64(32 bytes)[,…]; the first encrypts. Required outside dev mode.'),
  DATA_DIR: z
    .string()
    .trim()
    .min(1)
    .default('./.data')
    .describe('Dev-mode key file and default SQLite file (created 0700; files in it 0600).'),
  SQLITE_BUSY_TIMEOUT_MS: int(0, 600_000)
    .default(5000)
    .describe(
      'SQLite: how long a request waits for another process to release the write lock (then 503), in ms.',
    ),
  ADMIN_TOKEN: optionalText
    .superRefine(problemCheck(adminTokenProblem))
    .describe(
      'Bearer token of the admin API (≥ 128 bits, e.g. `openssl rand -base64 32`); unset = admin API off.',
    ),
  REVOCATION_PASS_INTERVAL_SECONDS: int(0, 86_400)
    .default(60)
    .describe(
      'How often the background pass retries queued revocations and purges expired soft deletes, in s (0 = off).',
    ),
  DELETED_RETENTION_DAYS: int(0, 3650)
    .default(30)
    .describe(
      'Days a soft-deleted connection (row and sealed token) is kept, restorable, before the pass purges it.',
    ),
  HEALTH_HISTORY_RETENTION_DAYS: int(0, 3650)
    .default(90)
    .describe(
      'Days a health status change is kept in the history (timeline, counts over time) before the pass purges it.',
    ),
  REVOKE_RATE_PER_MINUTE: int(1, 10_000)
    .default(50)
    .describe(
      "Revocations sent to Attio per minute at most (Attio's limit: 50 per minute per IP address).",
    ),
  TRUST_PROXY: trustProxy
    .default(false)
    .describe(
      'Express trust proxy: false, true, a hop count, or addresses/subnets (decides the client IP).',
    ),
  RATE_LIMIT_WINDOW_MS: int(1000, 3_600_000).default(60_000).describe('Rate-limit window, in ms.'),
  RATE_LIMIT_MAX: int(1, 1_000_000)
    .default(30)
    .describe('Requests per IP and window on /install and on /oauth/callback.'),
  ...sharedLimiterVariables,
  STATE_TTL_SECONDS: int(30, 3600)
    .default(600)
    .describe('How long an install may take between /install and the callback.'),
  COOKIE_SECURE: z
    .enum(['auto', 'true', 'false'], { message: 'must be auto, true or false' })
    .default('auto')
    .describe('Secure flag of the install cookie; auto = when the redirect URI is https.'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino level (JSON logs on stdout).'),
  SHUTDOWN_TIMEOUT_MS: int(0, 120_000)
    .default(10_000)
    .describe(
      'On SIGTERM/SIGINT, how long in-flight requests and store queries may finish, in ms; then they are abandoned.',
    ),
  READY_TIMEOUT_MS: int(50, 60_000)
    .default(1_000)
    .describe('How long /readyz waits for the store before answering 503, in ms.'),
  ALLOW_INSECURE_HTTP: flag()
    .default(false)
    .describe(
      '1 = allow http:// Attio and public URLs in production (private networks only; see README).',
    ),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl({ allowQuery: false })
    .optional()
    .describe(
      'OTLP/HTTP collector base URL (spans go to <url>/v1/traces); unset = tracing off. See docs/tracing.md.',
    ),
  OTEL_SERVICE_NAME: optionalText.describe(
    'service.name of the spans; default attio-oauth-callback.',
  ),
  ...eventConfigShape,
  ...consoleConfigShape,
});

type Values = z.output<typeof configSchema>;

/** Without a key ring only dev mode may start (it generates one under DATA_DIR). */
const keyRingRequired: ConfigRule<Values> = (values) =>
  values.NODE_ENV !== undefined &&
  values.DEMO_MODE !== undefined &&
  'TOKEN_ENCRYPTION_KEYS' in values &&
  values.TOKEN_ENCRYPTION_KEYS === undefined &&
  !isDevMode({ NODE_ENV: values.NODE_ENV, DEMO_MODE: values.DEMO_MODE })
    ? [
        {
          variable: 'TOKEN_ENCRYPTION_KEYS',
          message:
            'is required: set it to kid:base64(32 random bytes), e.g. ' +
            '`k1:$(openssl rand -base64 32)`; for a local demo only, set DEMO_MODE=1 instead',
        },
      ]
    : [];

/**
 * An explicit NODE_ENV=production contradicts DEMO_MODE=1 (a generated key on local disk). With
 * NODE_ENV unset (which defaults to production) DEMO_MODE=1 is how the demo runs.
 */
const noDemoInProduction: ConfigRule<Values> = (values, env) =>
  env['NODE_ENV'] === 'production' && values.DEMO_MODE === true
    ? [
        {
          variable: 'DEMO_MODE',
          message:
            'must not be 1 with NODE_ENV=production (demo mode stores tokens under a generated key); ' +
            'set TOKEN_ENCRYPTION_KEYS and DEMO_MODE=0, or NODE_ENV=development for local work',
        },
      ]
    : [];

/**
 * In production (NODE_ENV=production, not dev mode), tokens, client secrets and codes cross these
 * URLs: plain http only to loopback, unless ALLOW_INSECURE_HTTP=1.
 */
const httpsInProduction = httpsRequired<Values>({
  variables: [
    'PUBLIC_BASE_URL',
    'ATTIO_AUTHORIZE_URL',
    'ATTIO_TOKEN_URL',
    'ATTIO_API_BASE_URL',
    'ATTIO_REVOKE_URL',
    'APP_LOGO_URL',
    'CONSOLE_OIDC_ISSUER',
    'CONSOLE_OIDC_REDIRECT_URI',
  ],
  when: (values) =>
    values.NODE_ENV === 'production' &&
    values.DEMO_MODE === false &&
    values.ALLOW_INSECURE_HTTP === false,
  override: 'ALLOW_INSECURE_HTTP',
});

/** The rules over several variables, run by `loadConfig` together with the schema. */
export const CONFIG_RULES: readonly ConfigRule<Values>[] = [
  keyRingRequired,
  noDemoInProduction,
  httpsInProduction,
  sharedLimiterRule,
  eventDestinationsRule,
  consoleRule,
];

/**
 * NODE_ENV=development or DEMO_MODE=1: a generated dev encryption key is allowed.
 *
 * @example
 * ```ts
 * isDevMode({ NODE_ENV: 'production', DEMO_MODE: true }); // true
 * ```
 */
export function isDevMode(e: { readonly NODE_ENV: string; readonly DEMO_MODE: boolean }): boolean {
  return e.NODE_ENV === 'development' || e.DEMO_MODE;
}

/** The variables that may be given as `NAME_FILE=<path>` instead (mounted secrets). */
export const FILE_VARIABLES = [
  'ATTIO_CLIENT_SECRET',
  'TOKEN_ENCRYPTION_KEYS',
  'ADMIN_TOKEN',
  'DATABASE_URL',
  'POST_INSTALL_SIGNING_KEY',
  'EVENT_DESTINATIONS',
  'CONSOLE_OIDC_CLIENT_SECRET',
] as const;
