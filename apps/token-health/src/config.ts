import {
  ConfigError,
  deepFreeze,
  flag,
  httpsRequired,
  httpUrl,
  loadConfig as loadAppConfig,
  problemCheck,
  sharedLimiterRule,
  sharedLimiterSettings,
  sharedLimiterVariables,
  type ConfigProblem,
  type ConfigRule,
  type SharedLimiterConfig,
} from '@attio-auth/app-config';
import { describeUnknownScopes, parseScopes, unknownScopes } from '@attio-auth/attio-core';
import { keyRingProblem } from '@attio-auth/connection-store';
import {
  eventConfigShape,
  eventDeliveryConfigOf,
  eventDestinationsRule,
  type EventDeliveryConfig,
} from '@attio-auth/event-delivery';
import { z } from 'zod';

import { alertWebhookDestination, alertWebhookRule } from './events/alert-destination.js';

/**
 * Environment configuration of `attio-token-health`: a zod schema over the variables (each listed in
 * the `# --- apps/token-health` section of `.env.example`), turned into one frozen, nested, camelCase
 * object by `@attio-auth/app-config` (blank values count as unset; secrets may come from `NAME_FILE`).
 * CLI flags (`--concurrency`, `--base-url`) override the matching value for one invocation
 * ({@link withCliOverrides}).
 */

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The key ring the store will parse, checked now so a bad one is listed with the other problems. */
function keyRingVariableProblem(value: string): string | undefined {
  const problem = keyRingProblem(value);
  return problem === undefined
    ? undefined
    : `${problem}; use the key ring of the oauth-callback service: kid:base64(32 bytes)[,kid:base64…]`;
}

/** A required scope that is not in Attio's table never matches a grant: every check would fail. */
function requiredScopesProblem(value: string): string | undefined {
  const unknown = unknownScopes(parseScopes(value));
  return unknown.length === 0
    ? undefined
    : `${describeUnknownScopes(unknown)}; scopes are <family>:read or <family>:read-write`;
}

const requiredScopes = z.string().default('').superRefine(problemCheck(requiredScopesProblem));

/** Every variable the checker reads (exported for the README configuration table generator). */
export const configSchema = z.object({
  NODE_ENV: z
    .string()
    .trim()
    .default('production')
    .describe('`production`: `ATTIO_API_BASE_URL` must be https:// unless its host is loopback.'),
  ALLOW_INSECURE_HTTP: flag()
    .default(false)
    .describe('1 = allow http:// to any host in production (a private network you trust).'),
  DATABASE_URL: z.string().optional(),
  TOKEN_ENCRYPTION_KEYS: z.string().optional().superRefine(problemCheck(keyRingVariableProblem)),
  /** PostgreSQL only, ms, 0 = none: connect (and wait for a pooled client), statement_timeout, lock_timeout. */
  DATABASE_CONNECT_TIMEOUT_MS: int(0, 600_000).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: int(0, 600_000).default(10_000),
  DATABASE_LOCK_TIMEOUT_MS: int(0, 600_000).default(3_000),
  ALERT_WEBHOOK_URL: httpUrl().optional(),
  ATTIO_API_BASE_URL: httpUrl({ allowQuery: false }).default('https://api.attio.com'),
  HEALTH_REQUIRED_SCOPES: requiredScopes,
  /** The oauth-callback service's required scopes; used when HEALTH_REQUIRED_SCOPES is empty (one .env for both). */
  ATTIO_REQUIRED_SCOPES: requiredScopes,
  HEALTH_FAILURE_THRESHOLD: int(1, 1000).default(3),
  HEALTH_CONCURRENCY: int(1, 256).default(16),
  HEALTH_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().max(100_000).default(100),
  HEALTH_TIMEOUT_MS: int(100, 300_000).default(10_000),
  HEALTH_RETRIES: int(0, 10).default(2),
  HEALTH_BATCH_SIZE: int(1, 10_000).default(64),
  HEALTH_LEASE_SECONDS: int(5, 86_400).default(300),
  HEALTH_MIN_CHECK_INTERVAL_SECONDS: int(0, 86_400).default(60),
  /** Unset = HEALTH_MIN_CHECK_INTERVAL_SECONDS (a fixed interval, as before it existed). */
  HEALTH_MAX_CHECK_INTERVAL_SECONDS: int(0, 2_592_000).optional(),
  /** Unset = HEALTH_MIN_CHECK_INTERVAL_SECONDS. */
  HEALTH_FAILING_CHECK_INTERVAL_SECONDS: int(0, 86_400).optional(),
  HEALTH_SKIP_IF_SEEN_SECONDS: int(0, 86_400).default(0),
  HEALTH_FLAG_POLL_SECONDS: int(1, 3_600).default(2),
  HEALTH_INCIDENT_MIN_FAILURES: int(1, 100_000).default(5),
  HEALTH_INCIDENT_MIN_FAILURE_RATIO: z.coerce.number().gt(0).max(1).default(0.2),
  HEALTH_HEARTBEAT_URL: httpUrl().optional(),
  HEALTH_HEARTBEAT_TIMEOUT_MS: int(100, 60_000).default(5_000),
  HEALTH_ALERT_WAIT_MS: int(0, 600_000).default(10_000),
  HEALTH_SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(20_000),
  HEALTH_HOST: z.string().min(1).default('0.0.0.0'),
  HEALTH_PORT: int(0, 65_535).default(9464),
  HEALTH_INSTANCE_ID: z
    .string()
    .regex(/^[\w.:-]{1,100}$/, 'letters, digits, . : _ - (max 100)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** OTLP/HTTP collector base URL (spans go to <url>/v1/traces); unset = tracing off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl({ allowQuery: false }).optional(),
  /** service.name of the spans; empty = attio-token-health. */
  OTEL_SERVICE_NAME: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .optional(),
  ...sharedLimiterVariables,
  ...eventConfigShape,
});

/** Secrets that may be mounted as files instead (`TOKEN_ENCRYPTION_KEYS_FILE=/run/secrets/…`). */
export const FILE_VARIABLES: readonly string[] = [
  'DATABASE_URL',
  'TOKEN_ENCRYPTION_KEYS',
  'ALERT_WEBHOOK_URL',
  'HEALTH_HEARTBEAT_URL',
  'EVENT_DESTINATIONS',
];

type Env = z.output<typeof configSchema>;

/**
 * Every check sends a token to ATTIO_API_BASE_URL: in production, plain http only to loopback
 * unless ALLOW_INSECURE_HTTP=1 (the same rule as the oauth-callback service).
 */
const CONFIG_RULES: readonly ConfigRule<Env>[] = [
  httpsRequired<Env>({
    variables: ['ATTIO_API_BASE_URL'],
    when: (values) => values.NODE_ENV === 'production' && values.ALLOW_INSECURE_HTTP === false,
    override: 'ALLOW_INSECURE_HTTP',
  }),
  sharedLimiterRule,
  eventDestinationsRule,
  alertWebhookRule,
  checkIntervalRule,
];

/** failing ≤ min ≤ max: a failing connection is never checked less often than a healthy one. */
function checkIntervalRule(values: Partial<Env>): readonly ConfigProblem[] {
  const min = values.HEALTH_MIN_CHECK_INTERVAL_SECONDS;
  if (min === undefined) return [];
  const problems: ConfigProblem[] = [];
  const max = values.HEALTH_MAX_CHECK_INTERVAL_SECONDS;
  if (max !== undefined && max < min) {
    problems.push({
      variable: 'HEALTH_MAX_CHECK_INTERVAL_SECONDS',
      message: `must be at least HEALTH_MIN_CHECK_INTERVAL_SECONDS (${min})`,
    });
  }
  const failing = values.HEALTH_FAILING_CHECK_INTERVAL_SECONDS;
  if (failing !== undefined && failing > min) {
    problems.push({
      variable: 'HEALTH_FAILING_CHECK_INTERVAL_SECONDS',
      message: `must be at most HEALTH_MIN_CHECK_INTERVAL_SECONDS (${min})`,
    });
  }
  return problems;
}

/** The validated, frozen configuration, grouped by what reads it. */
export interface HealthConfig {
  readonly store: {
    /** Unset: the SQLite file under ./.data/ (the oauth-callback service's default). */
    readonly databaseUrl: string | undefined;
    readonly tokenEncryptionKeys: string | undefined;
    /** PostgreSQL timeouts (ms, 0 = none) passed to openConnectionStore; SQLite ignores them. */
    readonly postgres: {
      readonly connectTimeoutMs: number;
      readonly statementTimeoutMs: number;
      readonly lockTimeoutMs: number;
    };
  };
  readonly attio: {
    /** Base URL of every check (`--base-url` overrides). */
    readonly apiBaseUrl: string;
  };
  readonly health: {
    /** HEALTH_REQUIRED_SCOPES, else ATTIO_REQUIRED_SCOPES; empty = each connection's scopes at install. */
    readonly requiredScopes: readonly string[];
    readonly failureThreshold: number;
    /** Checks in flight at once (`--concurrency` overrides). */
    readonly concurrency: number;
    readonly rateLimitPerSecond: number;
    readonly timeoutMs: number;
    readonly retries: number;
    readonly batchSize: number;
    readonly leaseSeconds: number;
    /**
     * When a connection is due again after a check (seconds): healthy, as long as it has been healthy,
     * bounded to [min, max]; failing (failed_to_check, under_scoped): `failing`; revoked and
     * workspace_mismatch: `max`. Defaults: max = failing = min (a fixed interval).
     */
    readonly checkInterval: {
      readonly minSeconds: number;
      readonly maxSeconds: number;
      readonly failingSeconds: number;
    };
    /** A healthy connection a client used successfully this recently is skipped (0 = never skip). */
    readonly skipIfSeenSeconds: number;
    /** `--schedule`: how often to poll for connections a client saw fail (rechecked between rounds). */
    readonly flagPollSeconds: number;
    readonly shutdownTimeoutMs: number;
    /** Lease and run-lock owner id; unset = hostname + random suffix. */
    readonly instanceId: string | undefined;
    /** When one round's transient failures open an Attio incident (see `incidentThreshold`). */
    readonly incident: { readonly minFailures: number; readonly minFailureRatio: number };
  };
  readonly heartbeat: {
    /** Unset = no heartbeat. It may embed a secret (the check's UUID), so it is never logged whole. */
    readonly url: string | undefined;
    readonly timeoutMs: number;
  };
  readonly alerts: {
    /** After a `--once` round, how long the worker may deliver the round's events (HEALTH_ALERT_WAIT_MS). */
    readonly waitMs: number;
  };
  /**
   * Events (EVENT_DESTINATIONS, and ALERT_WEBHOOK_URL as the `slack` destination `alert-webhook` of
   * `health.*` and `attio.*`): the worker delivers the store's outbox while `--schedule` runs, and
   * after a `--once` round (for at most HEALTH_ALERT_WAIT_MS). ALERT_WEBHOOK_URL may embed a secret
   * path (Slack): it is never logged.
   */
  readonly events: EventDeliveryConfig;
  /** `--schedule` mode: where /healthz and /metrics listen. */
  readonly server: { readonly host: string; readonly port: number };
  /**
   * SHARED_LIMITER: Attio's per-token budget (100 reads/s) counted across every checker and service on the
   * same Redis or PostgreSQL; undefined = HEALTH_RATE_LIMIT_PER_SECOND alone, per process.
   */
  readonly sharedLimiter: SharedLimiterConfig | undefined;
  readonly log: { readonly level: Env['LOG_LEVEL'] };
  /** OpenTelemetry: started only when `endpoint` is set; each health round is one trace. */
  readonly otel: { readonly endpoint: string | undefined; readonly serviceName: string };
}

export { ConfigError };

/**
 * Validates the environment and returns the frozen, nested config. Throws a `ConfigError` naming
 * every bad variable at once; a value is never echoed (a bad `TOKEN_ENCRYPTION_KEYS` or
 * `DATABASE_URL` may hold a secret).
 *
 * @example
 * const config = loadConfig({ HEALTH_CONCURRENCY: '8' });
 * config.health.concurrency; // 8
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): HealthConfig {
  return loadAppConfig(configSchema, env, toConfig, {
    fileVariables: FILE_VARIABLES,
    rules: CONFIG_RULES,
  });
}

/**
 * The start-up message for a `ConfigError`: one line per offending variable and where to look.
 *
 * @example
 * describeConfigError(error); // 'Invalid configuration (1 problem):\n  - HEALTH_PORT: …'
 */
export function describeConfigError(error: ConfigError): string {
  const { problems } = error;
  return (
    `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
    problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n') +
    '\nFix these variables (see the apps/token-health section of .env.example) and start again.'
  );
}

function toConfig(env: Env): HealthConfig {
  return {
    store: {
      databaseUrl: env.DATABASE_URL,
      tokenEncryptionKeys: env.TOKEN_ENCRYPTION_KEYS,
      postgres: {
        connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
        lockTimeoutMs: env.DATABASE_LOCK_TIMEOUT_MS,
      },
    },
    attio: { apiBaseUrl: env.ATTIO_API_BASE_URL },
    health: {
      requiredScopes: parseScopes(env.HEALTH_REQUIRED_SCOPES || env.ATTIO_REQUIRED_SCOPES),
      failureThreshold: env.HEALTH_FAILURE_THRESHOLD,
      concurrency: env.HEALTH_CONCURRENCY,
      rateLimitPerSecond: env.HEALTH_RATE_LIMIT_PER_SECOND,
      timeoutMs: env.HEALTH_TIMEOUT_MS,
      retries: env.HEALTH_RETRIES,
      batchSize: env.HEALTH_BATCH_SIZE,
      leaseSeconds: env.HEALTH_LEASE_SECONDS,
      checkInterval: {
        minSeconds: env.HEALTH_MIN_CHECK_INTERVAL_SECONDS,
        maxSeconds: env.HEALTH_MAX_CHECK_INTERVAL_SECONDS ?? env.HEALTH_MIN_CHECK_INTERVAL_SECONDS,
        failingSeconds:
          env.HEALTH_FAILING_CHECK_INTERVAL_SECONDS ?? env.HEALTH_MIN_CHECK_INTERVAL_SECONDS,
      },
      skipIfSeenSeconds: env.HEALTH_SKIP_IF_SEEN_SECONDS,
      flagPollSeconds: env.HEALTH_FLAG_POLL_SECONDS,
      shutdownTimeoutMs: env.HEALTH_SHUTDOWN_TIMEOUT_MS,
      instanceId: env.HEALTH_INSTANCE_ID,
      incident: {
        minFailures: env.HEALTH_INCIDENT_MIN_FAILURES,
        minFailureRatio: env.HEALTH_INCIDENT_MIN_FAILURE_RATIO,
      },
    },
    heartbeat: { url: env.HEALTH_HEARTBEAT_URL, timeoutMs: env.HEALTH_HEARTBEAT_TIMEOUT_MS },
    alerts: { waitMs: env.HEALTH_ALERT_WAIT_MS },
    events: withAlertWebhook(eventDeliveryConfigOf(env), env.ALERT_WEBHOOK_URL),
    server: { host: env.HEALTH_HOST, port: env.HEALTH_PORT },
    sharedLimiter: sharedLimiterSettings(env),
    log: { level: env.LOG_LEVEL },
    otel: {
      endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: env.OTEL_SERVICE_NAME ?? 'attio-token-health',
    },
  };
}

/** The event config with ALERT_WEBHOOK_URL's destination added (first: it is the operators' one). */
function withAlertWebhook(
  events: EventDeliveryConfig,
  url: string | undefined,
): EventDeliveryConfig {
  const alert = alertWebhookDestination(url);
  return alert === undefined
    ? events
    : { ...events, destinations: [alert, ...events.destinations] };
}

/**
 * The config with this invocation's flags applied (`--concurrency`, `--base-url`), frozen again, so
 * everything downstream reads one object.
 *
 * @example
 * withCliOverrides(loadConfig({}), { concurrency: 4 }).health.concurrency; // 4
 */
export function withCliOverrides(
  config: HealthConfig,
  flags: { readonly concurrency?: number; readonly baseUrl?: string },
): HealthConfig {
  return deepFreeze({
    ...config,
    attio: { ...config.attio, apiBaseUrl: flags.baseUrl ?? config.attio.apiBaseUrl },
    health: { ...config.health, concurrency: flags.concurrency ?? config.health.concurrency },
  });
}
