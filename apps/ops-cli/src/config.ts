import {
  ConfigError,
  httpUrl,
  loadConfig as loadAppConfig,
  type Env,
} from '@attio-auth/app-config';
import { z } from 'zod';

export { ConfigError } from '@attio-auth/app-config';

/**
 * Environment variables `attio-auth` reads: the same names as the OAuth callback service, so one
 * `.env` serves both. Values come from the environment, then from ./.env; flags win over both.
 * Every value is optional here; a command that needs one (TOKEN_ENCRYPTION_KEYS to decrypt,
 * PUBLIC_BASE_URL for a link) says so when it runs. A bad value fails with exit 78 naming every
 * offending variable, never its value.
 */
export const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .optional()
    .describe('Connection store (default sqlite:${DATA_DIR}/connections.sqlite).'),
  DATA_DIR: z
    .string()
    .optional()
    .describe("The callback service's data directory (default ./.data): default SQLite store."),
  TOKEN_ENCRYPTION_KEYS: z
    .string()
    .optional()
    .describe('Key ring of the store, newest key first (kid:base64,…).'),
  PUBLIC_BASE_URL: httpUrl({ allowQuery: false })
    .optional()
    .describe(
      'Where the callback service is reached; install links are ${PUBLIC_BASE_URL}/install/s/<id>.',
    ),
  ATTIO_REVOKE_URL: httpUrl()
    .optional()
    .describe('Attio token revocation endpoint (default https://app.attio.com/oauth/revoke).'),
  REVOKE_RATE_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe('Revokes per minute (Attio allows 50 per IP address; default 50).'),
  DELETED_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3650)
    .optional()
    .describe('Days a soft-deleted connection is kept before `purge` removes it (default 30).'),
});

/** The variables that may be given as `NAME_FILE=<path>` instead (mounted secrets). */
export const FILE_VARIABLES = ['TOKEN_ENCRYPTION_KEYS', 'DATABASE_URL'] as const;

export const DEFAULT_REVOKE_URL = 'https://app.attio.com/oauth/revoke';
export const DEFAULT_REVOKE_RATE_PER_MINUTE = 50;
export const DEFAULT_RETENTION_DAYS = 30;

/** What `attio-auth` read from its environment, nested and frozen. */
export interface Config {
  readonly store: {
    readonly databaseUrl: string | undefined;
    readonly dataDir: string | undefined;
    readonly tokenEncryptionKeys: string | undefined;
  };
  readonly publicBaseUrl: string | undefined;
  readonly revoke: { readonly url: string; readonly perMinute: number };
  readonly retentionDays: number;
}

function toConfig(e: z.output<typeof configSchema>): Config {
  return {
    store: {
      databaseUrl: e.DATABASE_URL,
      dataDir: e.DATA_DIR,
      tokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEYS,
    },
    publicBaseUrl: e.PUBLIC_BASE_URL,
    revoke: {
      url: e.ATTIO_REVOKE_URL ?? DEFAULT_REVOKE_URL,
      perMinute: e.REVOKE_RATE_PER_MINUTE ?? DEFAULT_REVOKE_RATE_PER_MINUTE,
    },
    retentionDays: e.DELETED_RETENTION_DAYS ?? DEFAULT_RETENTION_DAYS,
  };
}

/**
 * Validates the variables (and the `NAME_FILE` forms of the secrets) and returns them deeply
 * frozen. Empty strings count as unset. Throws a `ConfigError` naming every offending variable.
 *
 * @example
 * loadConfig({ REVOKE_RATE_PER_MINUTE: '10' }).revoke.perMinute; // 10
 */
export function loadConfig(env: Env): Config {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(configSchema.shape)) {
    input[key] = env[key];
    input[`${key}_FILE`] = env[`${key}_FILE`];
  }
  return loadAppConfig(configSchema, input, toConfig, { fileVariables: FILE_VARIABLES });
}

/**
 * The one-line message `attio-auth` prints for a {@link ConfigError}.
 *
 * @example
 * describeConfigError(new ConfigError([{ variable: 'PORT', message: 'must be a number' }]));
 * // 'invalid configuration: PORT: must be a number'
 */
export function describeConfigError(error: ConfigError): string {
  return `invalid configuration: ${error.problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`;
}
