import { z } from 'zod';

/**
 * Environment configuration of `attio-token-health`. Every variable is listed in the
 * `# --- apps/token-health` section of `.env.example`. CLI flags (`--concurrency`, `--base-url`)
 * override the matching variable for one invocation.
 */

/** `.env` files leave unset variables as `VAR=`; treat an empty string as "not set". */
const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess(blankToUndefined, schema.default(fallback as never));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const httpUrl = z.url({ protocol: /^https?$/ });

/** Every variable the checker reads (exported for the README configuration table generator). */
export const configSchema = z.object({
  DATABASE_URL: optional(z.string()),
  TOKEN_ENCRYPTION_KEYS: optional(z.string()),
  ALERT_WEBHOOK_URL: optional(httpUrl),
  ATTIO_API_BASE_URL: withDefault(httpUrl, 'https://api.attio.com'),
  HEALTH_REQUIRED_SCOPES: withDefault(z.string(), ''),
  /** The oauth-callback service's required scopes; used when HEALTH_REQUIRED_SCOPES is empty (one .env for both). */
  ATTIO_REQUIRED_SCOPES: withDefault(z.string(), ''),
  HEALTH_FAILURE_THRESHOLD: withDefault(int(1, 1000), 3),
  HEALTH_CONCURRENCY: withDefault(int(1, 256), 16),
  HEALTH_RATE_LIMIT_PER_SECOND: withDefault(z.coerce.number().positive().max(100_000), 100),
  HEALTH_TIMEOUT_MS: withDefault(int(100, 300_000), 10_000),
  HEALTH_RETRIES: withDefault(int(0, 10), 2),
  HEALTH_BATCH_SIZE: withDefault(int(1, 10_000), 64),
  HEALTH_LEASE_SECONDS: withDefault(int(5, 86_400), 300),
  HEALTH_MIN_CHECK_INTERVAL_SECONDS: withDefault(int(0, 86_400), 60),
  HEALTH_ALERT_RETRIES: withDefault(int(0, 10), 4),
  HEALTH_ALERT_WAIT_MS: withDefault(int(0, 600_000), 10_000),
  HEALTH_SHUTDOWN_TIMEOUT_MS: withDefault(int(0, 600_000), 20_000),
  HEALTH_HOST: withDefault(z.string().min(1), '0.0.0.0'),
  HEALTH_PORT: withDefault(int(0, 65_535), 9464),
  HEALTH_INSTANCE_ID: optional(
    z.string().regex(/^[\w.:-]{1,100}$/, 'letters, digits, . : _ - (max 100)'),
  ),
  LOG_LEVEL: withDefault(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    'info',
  ),
});

/**
 * The validated, frozen configuration. `HEALTH_REQUIRED_SCOPES` is parsed into a list and falls back to
 * `ATTIO_REQUIRED_SCOPES` (the scopes the install flow demands) when empty.
 */
export type HealthConfig = Readonly<
  Omit<z.output<typeof configSchema>, 'HEALTH_REQUIRED_SCOPES' | 'ATTIO_REQUIRED_SCOPES'> & {
    HEALTH_REQUIRED_SCOPES: readonly string[];
  }
>;

/** Thrown by {@link loadConfig}; `problems` has one line per offending variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nFix these variables (see the apps/token-health section of .env.example) and start again.',
    );
  }
}

/**
 * Validates the environment and returns a frozen config. Never logs a value: a bad
 * `TOKEN_ENCRYPTION_KEYS` or `DATABASE_URL` may contain secrets, so problems name the variable only.
 *
 * @example
 * const config = loadConfig({ HEALTH_CONCURRENCY: '8' });
 * config.HEALTH_CONCURRENCY; // 8
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): HealthConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const byVariable = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '(environment)');
      if (!byVariable.has(name)) byVariable.set(name, `${name}: ${issue.message}`);
    }
    throw new ConfigError([...byVariable.values()]);
  }
  const { ATTIO_REQUIRED_SCOPES, HEALTH_REQUIRED_SCOPES, ...rest } = parsed.data;
  const scopes = (HEALTH_REQUIRED_SCOPES || ATTIO_REQUIRED_SCOPES)
    .split(/[\s,]+/)
    .filter((s) => s.length > 0);
  return Object.freeze({ ...rest, HEALTH_REQUIRED_SCOPES: Object.freeze(scopes) });
}
