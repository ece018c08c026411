import {
  loadConfig as loadAppConfig,
  sharedLimiterSettings,
  type Env,
  type SharedLimiterConfig,
} from '@attio-auth/app-config';
import { parseScopes } from '@attio-auth/attio-core';
import { eventDeliveryConfigOf, type EventDeliveryConfig } from '@attio-auth/event-delivery';
import type { z } from 'zod';

import {
  CONFIG_RULES,
  configSchema,
  FILE_VARIABLES,
  isDevMode,
  parseAllowlist,
} from './config-schema.js';
import { consoleConfigOf, type ConsoleConfig } from './console/console-config.js';

export { ConfigError, type ConfigProblem } from '@attio-auth/app-config';
export { configSchema, FILE_VARIABLES } from './config-schema.js';

/**
 * Configuration of the OAuth callback service, read once at start-up from the environment.
 * Every variable is documented in the repository's `.env.example` (section `apps/oauth-callback`).
 */
export interface Config {
  readonly nodeEnv: string;
  /** NODE_ENV=development or DEMO_MODE=1: a generated dev encryption key is allowed. */
  readonly devMode: boolean;
  readonly http: {
    readonly port: number;
    readonly host: string;
    /** METRICS_PORT: /metrics on a listener of its own (same host); undefined = on `port`. */
    readonly metricsPort: number | undefined;
    /** Public origin of this service, e.g. https://install.example.com. */
    readonly publicBaseUrl: string;
    /**
     * PUBLIC_BASE_URL's path without its trailing slash ('' at the root, e.g. '/attio'): /install and
     * /oauth/callback are served under it, and the install cookie's path and page links follow it.
     */
    readonly basePath: string;
    /** Express `trust proxy` value: false, true, a hop count, or a comma-separated list of addresses. */
    readonly trustProxy: boolean | number | string;
    readonly rateLimit: { readonly windowMs: number; readonly max: number };
    /** Secure flag of the install cookie. */
    readonly cookieSecure: boolean;
    readonly shutdownTimeoutMs: number;
    /** How long /readyz waits for the store's ping before it answers 503. */
    readonly readyTimeoutMs: number;
  };
  readonly oauth: {
    readonly clientId: string;
    readonly clientSecret: string;
    /** `${publicBaseUrl}/oauth/callback` unless OAUTH_REDIRECT_URI says otherwise; registered with Attio. */
    readonly redirectUri: string;
    readonly authorizeUrl: string;
    readonly tokenUrl: string;
    /** Where tokens of installs refused after the code exchange are revoked. */
    readonly revokeUrl: string;
    /** Scopes an install must grant, or it is refused. */
    readonly requiredScopes: readonly string[];
    /** How long an install may take between /install and the callback. */
    readonly stateTtlMs: number;
    /** Where to send the browser after a successful install; configuration only, never from a request. */
    readonly postInstallUrl: string | undefined;
    /** HMAC key signing the post-install redirect's workspace_id; undefined = sent unsigned. */
    readonly postInstallSigningKey: string | undefined;
  };
  readonly install: {
    /** ANONYMOUS_INSTALL: the bare /install (and the landing page) work without an install link. */
    readonly anonymous: boolean;
    /** Origins or URL prefixes an install link's `returnTo` may point at (nothing else redirects). */
    readonly returnToAllowlist: readonly string[];
  };
  /** What every page shows: APP_NAME, SUPPORT_URL, APP_LOGO_URL. */
  readonly branding: Branding;
  readonly attio: {
    readonly apiBaseUrl: string;
    /** Timeout of the code exchange and of /v2/self. */
    readonly timeoutMs: number;
  };
  readonly store: {
    readonly databaseUrl: string | undefined;
    readonly tokenEncryptionKeys: string | undefined;
    /** Where dev mode keeps its generated key (and the default SQLite file). */
    readonly dataDir: string;
    /** PostgreSQL pool size and timeouts (ms, 0 = none), passed to openConnectionStore; SQLite ignores them. */
    readonly postgres: {
      readonly poolSize: number;
      readonly connectTimeoutMs: number;
      readonly statementTimeoutMs: number;
      readonly lockTimeoutMs: number;
    };
    /** SQLite: the overall wait for another process's write lock before a request fails (503). */
    readonly sqliteBusyTimeoutMs: number;
  };
  readonly admin: {
    /** Bearer token of the admin API; undefined = admin API off. */
    readonly token: string | undefined;
    /** ADMIN_HOST/ADMIN_PORT: a separate listener for /admin; undefined = served on PORT. */
    readonly listener: { readonly host: string; readonly port: number } | undefined;
    /** The admin console (OpenID Connect sign-in); undefined = off (CONSOLE_OIDC_ISSUER unset). */
    readonly console: ConsoleConfig | undefined;
  };
  readonly lifecycle: {
    /** Interval of the background revocation pass and retention purge; 0 = off. */
    readonly passIntervalMs: number;
    /** Days a soft-deleted connection is kept before the pass purges it. */
    readonly retentionDays: number;
    /** Days a health status change is kept in the history before the pass purges it. */
    readonly healthHistoryRetentionDays: number;
    /** Revocations per minute at most (one pacer shared by the admin API and the pass). */
    readonly revokeRatePerMinute: number;
  };
  /** SHARED_LIMITER: where the per-IP limit is counted across instances; undefined = in this process. */
  readonly sharedLimiter: SharedLimiterConfig | undefined;
  /** Signed lifecycle events: destinations (EVENT_DESTINATIONS), retries, SSRF policy. */
  readonly events: EventDeliveryConfig;
  readonly log: {
    readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  };
  /** OpenTelemetry: started only when `endpoint` is set (OTEL_EXPORTER_OTLP_ENDPOINT). */
  readonly otel: {
    readonly endpoint: string | undefined;
    readonly serviceName: string;
  };
}

/** Name, help link and logo shown on every page. */
export interface Branding {
  readonly appName: string;
  readonly supportUrl: string | undefined;
  readonly logoUrl: string | undefined;
}

/** Every environment variable the service reads (each must be documented in `.env.example`). */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(configSchema.shape));

function toConfig(e: z.output<typeof configSchema>): Config {
  const redirectUri = e.OAUTH_REDIRECT_URI ?? `${e.PUBLIC_BASE_URL}/oauth/callback`;
  return {
    nodeEnv: e.NODE_ENV,
    devMode: isDevMode(e),
    http: {
      port: e.PORT,
      host: e.HOST,
      metricsPort: e.METRICS_PORT,
      publicBaseUrl: e.PUBLIC_BASE_URL,
      basePath: new URL(e.PUBLIC_BASE_URL).pathname.replace(/\/+$/, ''),
      trustProxy: e.TRUST_PROXY,
      rateLimit: { windowMs: e.RATE_LIMIT_WINDOW_MS, max: e.RATE_LIMIT_MAX },
      cookieSecure:
        e.COOKIE_SECURE === 'auto' ? redirectUri.startsWith('https:') : e.COOKIE_SECURE === 'true',
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      readyTimeoutMs: e.READY_TIMEOUT_MS,
    },
    oauth: {
      clientId: e.ATTIO_CLIENT_ID,
      clientSecret: e.ATTIO_CLIENT_SECRET,
      redirectUri,
      authorizeUrl: e.ATTIO_AUTHORIZE_URL,
      tokenUrl: e.ATTIO_TOKEN_URL,
      revokeUrl: e.ATTIO_REVOKE_URL ?? new URL('revoke', e.ATTIO_TOKEN_URL).toString(),
      requiredScopes: parseScopes(e.ATTIO_REQUIRED_SCOPES),
      stateTtlMs: e.STATE_TTL_SECONDS * 1000,
      postInstallUrl: e.POST_INSTALL_URL,
      postInstallSigningKey: e.POST_INSTALL_SIGNING_KEY,
    },
    install: {
      anonymous: e.ANONYMOUS_INSTALL,
      returnToAllowlist: parseAllowlist(e.INSTALL_RETURN_TO_ALLOWLIST),
    },
    branding: { appName: e.APP_NAME, supportUrl: e.SUPPORT_URL, logoUrl: e.APP_LOGO_URL },
    attio: { apiBaseUrl: e.ATTIO_API_BASE_URL, timeoutMs: e.ATTIO_TIMEOUT_MS },
    store: {
      databaseUrl: e.DATABASE_URL,
      tokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEYS,
      dataDir: e.DATA_DIR,
      postgres: {
        poolSize: e.DATABASE_POOL_SIZE,
        connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
        lockTimeoutMs: e.DATABASE_LOCK_TIMEOUT_MS,
      },
      sqliteBusyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS,
    },
    admin: {
      token: e.ADMIN_TOKEN,
      listener:
        e.ADMIN_PORT === undefined
          ? undefined
          : { host: e.ADMIN_HOST ?? e.HOST, port: e.ADMIN_PORT },
      console: consoleConfigOf(e, e.PUBLIC_BASE_URL),
    },
    lifecycle: {
      passIntervalMs: e.REVOCATION_PASS_INTERVAL_SECONDS * 1000,
      retentionDays: e.DELETED_RETENTION_DAYS,
      healthHistoryRetentionDays: e.HEALTH_HISTORY_RETENTION_DAYS,
      revokeRatePerMinute: e.REVOKE_RATE_PER_MINUTE,
    },
    sharedLimiter: sharedLimiterSettings(e),
    events: eventDeliveryConfigOf(e),
    log: { level: e.LOG_LEVEL },
    otel: {
      endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: e.OTEL_SERVICE_NAME ?? 'attio-oauth-callback',
    },
  };
}

/**
 * Validates the environment and returns a deeply frozen {@link Config}. Throws a `ConfigError`
 * naming every bad or missing variable at once, so one restart fixes them all. The secrets
 * (ATTIO_CLIENT_SECRET, TOKEN_ENCRYPTION_KEYS, ADMIN_TOKEN, DATABASE_URL, POST_INSTALL_SIGNING_KEY)
 * may be given as `NAME_FILE=<path>` instead, as Docker and Kubernetes mount them.
 *
 * Without `TOKEN_ENCRYPTION_KEYS` the service refuses to start, except in dev mode
 * (`NODE_ENV=development` or `DEMO_MODE=1`), where it generates a key under `DATA_DIR`.
 *
 * @example
 * ```ts
 * const config = loadConfig(process.env);
 * config.http.port; // 3000 unless PORT says otherwise
 * ```
 */
export function loadConfig(env: Env): Config {
  return loadAppConfig(configSchema, env, toConfig, {
    fileVariables: FILE_VARIABLES,
    rules: CONFIG_RULES,
  });
}
