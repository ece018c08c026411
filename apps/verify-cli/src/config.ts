import { z } from 'zod';

/**
 * Environment variables `attio-verify` reads. Values come from the environment, then from ./.env;
 * flags win over both. The names are the ones the OAuth callback service uses (ATTIO_CLIENT_ID,
 * OAUTH_REDIRECT_URI, ATTIO_TOKEN_URL, …), so one .env serves both. Validated with zod at start-up;
 * a bad value fails with exit 78 naming every offending variable. Each command validates only the
 * variables it uses, so a typo in an OAuth variable never breaks a plain token check.
 * Loaded lazily: `--help`/`--version` never import zod.
 */
const httpUrl = z.string().refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
  message: 'must be an absolute http(s) URL, e.g. https://api.attio.com',
});

export const configSchema = z.object({
  ATTIO_API_KEY: z
    .string()
    .optional()
    .describe('Access token to verify when no --token, --token-stdin or --workspace is given.'),
  ATTIO_API_BASE_URL: httpUrl
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
  PUBLIC_BASE_URL: httpUrl
    .optional()
    .describe(
      'When OAUTH_REDIRECT_URI is unset, the redirect URI is ${PUBLIC_BASE_URL}/oauth/callback.',
    ),
  ATTIO_TOKEN_URL: httpUrl
    .optional()
    .describe(
      'OAuth token endpoint (default https://app.attio.com/oauth/token); --token-url overrides.',
    ),
});

export type Config = Readonly<z.infer<typeof configSchema>>;
export type CommandName = 'verify' | 'oauth';

/** Which variables each command reads (and therefore validates). */
const USED_BY: Record<CommandName, ReadonlyArray<keyof Config>> = {
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

/** A configuration value is missing or invalid (exit 78). The message names every variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const DEFAULT_API_BASE_URL = 'https://api.attio.com';
export const DEFAULT_TOKEN_URL = 'https://app.attio.com/oauth/token';

/**
 * Validates the variables `command` reads and returns them frozen. Empty strings count as unset.
 *
 * @example
 * loadConfig({ ATTIO_API_BASE_URL: 'http://127.0.0.1:4010' }, 'verify').ATTIO_API_BASE_URL; // 'http://127.0.0.1:4010'
 * loadConfig({ ATTIO_API_BASE_URL: 'api.attio.com' }, 'verify'); // throws ConfigError naming ATTIO_API_BASE_URL
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  command: CommandName,
): Config {
  const input: Record<string, string> = {};
  for (const key of USED_BY[command]) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  return Object.freeze(parsed.data);
}

/**
 * Checks a URL given on the command line (a usage error rather than a configuration error).
 *
 * @example
 * isHttpUrl('http://127.0.0.1:4010'); // true
 */
export function isHttpUrl(value: string): boolean {
  return httpUrl.safeParse(value).success;
}
