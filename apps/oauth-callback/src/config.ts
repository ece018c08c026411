import { parseScopes } from '@attio-auth/attio-core';

import { configSchema } from './config-schema.js';

export { configSchema } from './config-schema.js';

/**
 * Configuration of the OAuth callback service, read once at start-up from the environment.
 * Every variable is documented in the repository's `.env.example` (section `apps/oauth-callback`).
 */
export interface Config {
  readonly nodeEnv: string;
  /** NODE_ENV=development or DEMO_MODE=1: a generated dev encryption key is allowed. */
  readonly devMode: boolean;
  readonly port: number;
  readonly host: string;
  /** Public origin of this service, e.g. https://install.example.com. */
  readonly publicBaseUrl: string;
  /** `${publicBaseUrl}/oauth/callback` unless OAUTH_REDIRECT_URI says otherwise; registered with Attio. */
  readonly redirectUri: string;
  readonly attio: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly authorizeUrl: string;
    readonly tokenUrl: string;
    readonly apiBaseUrl: string;
    readonly requiredScopes: readonly string[];
    readonly timeoutMs: number;
  };
  /** Where to send the browser after a successful install; configuration only, never from a request. */
  readonly postInstallUrl: string | undefined;
  readonly databaseUrl: string | undefined;
  readonly tokenEncryptionKeys: string | undefined;
  /** Where dev mode keeps its generated key (and the default SQLite file). */
  readonly dataDir: string;
  readonly adminToken: string | undefined;
  /** Express `trust proxy` value: false, true, a hop count, or a comma-separated list of addresses. */
  readonly trustProxy: boolean | number | string;
  readonly rateLimit: { readonly windowMs: number; readonly max: number };
  readonly stateTtlMs: number;
  readonly cookieSecure: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly shutdownTimeoutMs: number;
}

/** Thrown by {@link loadConfig}; the message names every offending variable and what to set. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration for oauth-callback (see .env.example):\n  - ${problems.join('\n  - ')}`,
    );
  }
}

/** Every environment variable the service reads (each must be documented in `.env.example`). */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(configSchema.shape));

/**
 * Validates the environment and returns a frozen {@link Config}. Throws a {@link ConfigError} naming
 * every bad or missing variable at once, so one restart fixes them all.
 *
 * Without `TOKEN_ENCRYPTION_KEYS` the service refuses to start, except in dev mode
 * (`NODE_ENV=development` or `DEMO_MODE=1`), where it generates a key under `DATA_DIR`.
 *
 * @example
 * ```ts
 * const config = loadConfig(process.env);
 * ```
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(stripEmpty(env));
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || '(environment)'} ${issue.message}`);
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const devMode = e.NODE_ENV === 'development' || e.DEMO_MODE;
  if (e.TOKEN_ENCRYPTION_KEYS === undefined && !devMode) {
    problems.push(
      'TOKEN_ENCRYPTION_KEYS is required: set it to kid:base64(32 random bytes), e.g. ' +
        '`k1:$(openssl rand -base64 32)`; for a local demo only, set DEMO_MODE=1 instead',
    );
  }
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if (trustProxy === undefined) {
    problems.push(
      'TRUST_PROXY must be false, true, a hop count (e.g. 1) or comma-separated addresses/subnets',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const redirectUri = e.OAUTH_REDIRECT_URI ?? `${e.PUBLIC_BASE_URL}/oauth/callback`;
  return deepFreeze({
    nodeEnv: e.NODE_ENV,
    devMode,
    port: e.PORT,
    host: e.HOST,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    redirectUri,
    attio: {
      clientId: e.ATTIO_CLIENT_ID,
      clientSecret: e.ATTIO_CLIENT_SECRET,
      authorizeUrl: e.ATTIO_AUTHORIZE_URL,
      tokenUrl: e.ATTIO_TOKEN_URL,
      apiBaseUrl: e.ATTIO_API_BASE_URL,
      requiredScopes: parseScopes(e.ATTIO_REQUIRED_SCOPES),
      timeoutMs: e.ATTIO_TIMEOUT_MS,
    },
    postInstallUrl: e.POST_INSTALL_URL,
    databaseUrl: e.DATABASE_URL,
    tokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEYS,
    dataDir: e.DATA_DIR,
    adminToken: e.ADMIN_TOKEN,
    trustProxy: trustProxy as boolean | number | string,
    rateLimit: { windowMs: e.RATE_LIMIT_WINDOW_MS, max: e.RATE_LIMIT_MAX },
    stateTtlMs: e.STATE_TTL_SECONDS * 1000,
    cookieSecure:
      e.COOKIE_SECURE === 'auto' ? redirectUri.startsWith('https:') : e.COOKIE_SECURE === 'true',
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  });
}

/** Empty variables count as unset, so `.env.example` copied as-is gives the defaults. */
function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') out[k] = v;
  return out;
}

function parseTrustProxy(value: string): boolean | number | string | undefined {
  if (value === 'false' || value === '0' || value === '') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  // express/proxy-addr accepts names (loopback, linklocal, uniquelocal), IPs and CIDR subnets.
  const parts = value.split(',').map((p) => p.trim());
  return parts.every((p) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(p))
    ? parts.join(',')
    : undefined;
}

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value))
    if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  return Object.freeze(value);
}
