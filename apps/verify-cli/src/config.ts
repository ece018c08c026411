import {
  ConfigError,
  httpUrl,
  loadConfig as loadAppConfig,
  type Env,
} from '@attio-auth/app-config';
import { z } from 'zod';

export { ConfigError } from '@attio-auth/app-config';

/**
 * Environment variables `attio-verify` reads. Values come from the environment, then from ./.env;
 * flags win over both. The names are the ones the OAuth callback service uses (ATTIO_CLIENT_ID,
 * OAUTH_REDIRECT_URI, ATTIO_TOKEN_URL, …), so one .env serves both. Validated with zod at start-up;
 * a bad value fails with exit 78 naming every offending variable. Each command validates only the
 * variables it uses, so a typo in an OAuth variable never breaks a plain token check.
 * Loaded lazily: `--help`/`--version` never import zod.
 */
export const configSchema = z.object({
  ATTIO_API_KEY: z
    .string()
    .optional()
    .describe('Access token to verify when no --token, --token-stdin or --workspace is given.'),
  ATTIO_API_BASE_URL: httpUrl({ allowQuery: false })
    .optional()
    .describe('REST API base URL (default https://api.attio.com); --base-url overrides.'),
  DATABASE_URL: z
    .string()
    .optional()
    .describe('Connection store for --workspace (default sqlite:${DATA_DIR}/connections.sqlite).'),
  DATA_DIR: z
    .string()
    .optional()
    .describe(
      "The callback service's data directory (default ./.data): default SQLite store and dev key.",
    ),
  TOKEN_ENCRYPTION_KEYS: z
    .string()
    .optional()
    .describe(
      'Key ring that decrypts stored tokens, for --workspace (dev: ${DATA_DIR}/dev-encryption-key).',
    ),
  ATTIO_CLIENT_ID: z
    .string()
    .optional()
    .describe('OAuth app client id, for `attio-verify oauth`; --client-id overrides.'),
  ATTIO_CLIENT_SECRET: z
    .string()
    .optional()
    .describe(
      'OAuth app client secret, for `attio-verify oauth`; --client-secret-stdin overrides.',
    ),
  OAUTH_REDIRECT_URI: z
    .string()
    .optional()
    .describe('Redirect URI(s) registered on the app, comma-separated; --redirect-uri overrides.'),
  PUBLIC_BASE_URL: httpUrl({ allowQuery: false })
    .optional()
    .describe(
      'When OAUTH_REDIRECT_URI is unset, the redirect URI is ${PUBLIC_BASE_URL}/oauth/callback.',
    ),
  ATTIO_TOKEN_URL: httpUrl()
    .optional()
    .describe(
      'OAuth token endpoint (default https://app.attio.com/oauth/token); --token-url overrides.',
    ),
});

/** The variables that may be given as `NAME_FILE=<path>` instead (mounted secrets). */
export const FILE_VARIABLES = [
  'ATTIO_API_KEY',
  'ATTIO_CLIENT_SECRET',
  'TOKEN_ENCRYPTION_KEYS',
  'DATABASE_URL',
] as const;

/** What `attio-verify` read from its environment; every value is optional (flags may supply it). */
export interface Config {
  readonly attio: {
    /** ATTIO_API_KEY (or the file ATTIO_API_KEY_FILE names). */
    readonly apiKey: string | undefined;
    readonly apiBaseUrl: string | undefined;
  };
  readonly oauth: {
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    /** OAUTH_REDIRECT_URI as written: one or more URIs, comma-separated. */
    readonly redirectUri: string | undefined;
    readonly publicBaseUrl: string | undefined;
    readonly tokenUrl: string | undefined;
  };
  readonly store: {
    readonly databaseUrl: string | undefined;
    readonly dataDir: string | undefined;
    readonly tokenEncryptionKeys: string | undefined;
  };
}

export type CommandName = 'verify' | 'oauth';
type Variable = keyof z.output<typeof configSchema>;

/** Which variables each command reads (and therefore validates). */
const USED_BY: Record<CommandName, readonly Variable[]> = {
  verify: [
    'ATTIO_API_KEY',
    'ATTIO_API_BASE_URL',
    'DATABASE_URL',
    'DATA_DIR',
    'TOKEN_ENCRYPTION_KEYS',
  ],
  oauth: [
    'ATTIO_CLIENT_ID',
    'ATTIO_CLIENT_SECRET',
    'OAUTH_REDIRECT_URI',
    'PUBLIC_BASE_URL',
    'ATTIO_TOKEN_URL',
  ],
};

export const DEFAULT_API_BASE_URL = 'https://api.attio.com';
export const DEFAULT_TOKEN_URL = 'https://app.attio.com/oauth/token';

function toConfig(e: z.output<typeof configSchema>): Config {
  return {
    attio: { apiKey: e.ATTIO_API_KEY, apiBaseUrl: e.ATTIO_API_BASE_URL },
    oauth: {
      clientId: e.ATTIO_CLIENT_ID,
      clientSecret: e.ATTIO_CLIENT_SECRET,
      redirectUri: e.OAUTH_REDIRECT_URI,
      publicBaseUrl: e.PUBLIC_BASE_URL,
      tokenUrl: e.ATTIO_TOKEN_URL,
    },
    store: {
      databaseUrl: e.DATABASE_URL,
      dataDir: e.DATA_DIR,
      tokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEYS,
    },
  };
}

/**
 * Validates the variables `command` reads (and their `NAME_FILE` forms for the secrets) and
 * returns them deeply frozen. Empty strings count as unset. Throws a `ConfigError` naming every
 * offending variable.
 *
 * @example
 * loadConfig({ ATTIO_API_BASE_URL: 'http://127.0.0.1:4010' }, 'verify').attio.apiBaseUrl; // 'http://127.0.0.1:4010'
 * loadConfig({ ATTIO_API_BASE_URL: 'api.attio.com' }, 'verify'); // throws ConfigError naming ATTIO_API_BASE_URL
 */
export function loadConfig(env: Env, command: CommandName): Config {
  const used = USED_BY[command];
  const input: Record<string, string | undefined> = {};
  for (const key of used) {
    input[key] = env[key];
    input[`${key}_FILE`] = env[`${key}_FILE`];
  }
  return loadAppConfig(configSchema, input, toConfig, {
    fileVariables: FILE_VARIABLES.filter((name) => used.includes(name)),
  });
}

/**
 * The one-line message `attio-verify` prints for a {@link ConfigError}.
 *
 * @example
 * describeConfigError(new ConfigError([{ variable: 'PORT', message: 'must be a number' }]));
 * // 'invalid configuration: PORT: must be a number'
 */
export function describeConfigError(error: ConfigError): string {
  return `invalid configuration: ${error.problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`;
}

/**
 * Checks a URL given on the command line (a usage error rather than a configuration error), by
 * the same rule as the URL variables.
 *
 * @example
 * isHttpUrl('http://127.0.0.1:4010'); // true
 */
export function isHttpUrl(value: string): boolean {
  return httpUrl().safeParse(value).success;
}

/**
 * Whether a URL flag carries `user:password@` (which {@link isHttpUrl} refuses), so the message can
 * say so without repeating the value.
 *
 * @example
 * hasUserinfo('http://user:pw@127.0.0.1:4010'); // true
 */
export function hasUserinfo(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.username !== '' || url.password !== '';
}
