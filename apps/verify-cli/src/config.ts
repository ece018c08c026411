import { z } from 'zod';

/**
 * Environment variables `attio-verify` reads (each is also in .env.example, section
 * `apps/verify-cli`). Values come from the environment, then from ./.env; flags win over both.
 * Validated with zod at start-up; a bad value fails with exit 78 naming every offending variable.
 * Loaded lazily: `--help`/`--version` never import zod.
 */
const httpUrl = z
  .string()
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
    message: 'must be an absolute http(s) URL, e.g. https://api.attio.com',
  });

export const configSchema = z.object({
  ATTIO_API_KEY: z.string().optional().describe('Access token to verify when no --token/--token-stdin/--workspace is given.'),
  ATTIO_API_BASE_URL: httpUrl.optional().describe('REST API base URL (default https://api.attio.com); the sandbox prints its own.'),
  ATTIO_OAUTH_BASE_URL: httpUrl.optional().describe('OAuth host for `attio-verify oauth` (default https://app.attio.com).'),
  ATTIO_CLIENT_ID: z.string().optional().describe('OAuth app client id, for `attio-verify oauth`.'),
  ATTIO_CLIENT_SECRET: z.string().optional().describe('OAuth app client secret, for `attio-verify oauth`.'),
  ATTIO_REDIRECT_URI: z.string().optional().describe('Registered redirect URI(s), comma-separated, for `attio-verify oauth`.'),
  DATABASE_URL: z.string().optional().describe('Connection store for --workspace (default sqlite:./.data/connections.sqlite).'),
  TOKEN_ENCRYPTION_KEYS: z.string().optional().describe('Key ring that decrypts stored tokens, for --workspace.'),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

/** A configuration value is missing or invalid (exit 78). The message names every variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const DEFAULT_API_BASE_URL = 'https://api.attio.com';
export const DEFAULT_OAUTH_BASE_URL = 'https://app.attio.com';

/**
 * Validates the variables this app reads and returns them frozen. Empty strings count as unset.
 *
 * @example
 * loadConfig({ ATTIO_API_BASE_URL: 'http://127.0.0.1:4010' }).ATTIO_API_BASE_URL; // 'http://127.0.0.1:4010'
 * loadConfig({ ATTIO_API_BASE_URL: 'api.attio.com' }); // throws ConfigError naming ATTIO_API_BASE_URL
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
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
