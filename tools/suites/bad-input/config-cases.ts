/**
 * Bad environments for the three apps' start-up checks. Each must be refused with the app's
 * configuration exit code (the callback service 2, the CLIs 78, a `--require` typo 64 as a usage
 * error) and a line naming the variable, without echoing key material or tokens. The callback
 * service runs as a real process (its main.ts), the CLIs through run().
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import type { CliCase } from './checks.js';
import { PASTED } from './cli-cases.js';

type EnvCase = CliCase & { env: Record<string, string> };

const KEY = randomBytes(32).toString('base64');
const SHORT = randomBytes(16).toString('base64');
const INSECURE = 'must use https:// in production';

/**
 * The callback-service cases: a valid production environment with one thing wrong each (two for
 * the all-in-one-pass case). `takenPort` is a loopback port another listener holds.
 *
 * @example
 * ```ts
 * for (const c of serviceConfigCases({ takenPort, dir })) spawnService(c.env);
 * ```
 */
export function serviceConfigCases(options: { takenPort: number; dir: string }): EnvCase[] {
  const base = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    PUBLIC_BASE_URL: 'https://install.example.com',
    ATTIO_CLIENT_ID: 'client-1',
    ATTIO_CLIENT_SECRET: PASTED,
    TOKEN_ENCRYPTION_KEYS: `k1:${KEY}`,
    DATABASE_URL: `sqlite:${join(options.dir, 'service.sqlite')}`,
    DATA_DIR: options.dir,
    LOG_LEVEL: 'silent',
  };
  const service = (
    label: string,
    env: Record<string, string>,
    expectLines: string[],
    secrets: string[] = [],
  ): EnvCase => ({
    app: 'service',
    label,
    argv: [],
    env: { ...base, ...env },
    expectExit: [2],
    expectLines,
    secrets: [PASTED, KEY, ...secrets],
  });
  return [
    service('malformed key-ring entry', { TOKEN_ENCRYPTION_KEYS: `k1:${KEY},oops` }, [
      'TOKEN_ENCRYPTION_KEYS: entry 2 is not of the form `kid:base64key`',
    ]),
    service(
      'short key',
      { TOKEN_ENCRYPTION_KEYS: `k1:${SHORT}` },
      ['TOKEN_ENCRYPTION_KEYS: key "k1" is 16 bytes; AES-256-GCM needs exactly 32 bytes'],
      [SHORT],
    ),
    service('duplicate key id', { TOKEN_ENCRYPTION_KEYS: `k1:${KEY},k1:${KEY}` }, [
      'TOKEN_ENCRYPTION_KEYS: key id "k1" appears twice',
    ]),
    service(
      'bad key ring and TRUST_PROXY in one pass',
      { TOKEN_ENCRYPTION_KEYS: `k1:${SHORT}`, TRUST_PROXY: 'loopback, 10.0.0.0/33' },
      [
        '  - TOKEN_ENCRYPTION_KEYS: key "k1" is 16 bytes',
        '  - TRUST_PROXY: entry 2 (10.0.0.0/33) has a prefix length above 32',
      ],
      [SHORT],
    ),
    service('DEMO_MODE=1 with NODE_ENV=production', { DEMO_MODE: '1' }, [
      'DEMO_MODE: must not be 1 with NODE_ENV=production',
    ]),
    service('http:// token URL in production', { ATTIO_TOKEN_URL: 'http://attio.example.com/t' }, [
      `ATTIO_TOKEN_URL: ${INSECURE}`,
    ]),
    service('http:// public URL in production', { PUBLIC_BASE_URL: 'http://install.example.com' }, [
      `PUBLIC_BASE_URL: ${INSECURE}`,
    ]),
    service('ADMIN_TOKEN of 32 × "a"', { ADMIN_TOKEN: 'a'.repeat(32) }, [
      'ADMIN_TOKEN: is too easy to guess',
      '`openssl rand -base64 32`',
    ]),
    service('ADMIN_TOKEN with whitespace', { ADMIN_TOKEN: `${PASTED} and more` }, [
      'ADMIN_TOKEN: must not contain whitespace',
    ]),
    service('misspelt required scope', { ATTIO_REQUIRED_SCOPES: 'notes:write' }, [
      'ATTIO_REQUIRED_SCOPES: unknown scope notes:write (did you mean note:read-write?)',
    ]),
    service(
      'PUBLIC_BASE_URL with a query',
      { PUBLIC_BASE_URL: 'https://install.example.com/?a=1' },
      ['PUBLIC_BASE_URL: must not contain a ?query'],
    ),
    service(
      'PUBLIC_BASE_URL with a fragment',
      { PUBLIC_BASE_URL: 'https://install.example.com/#x' },
      ['PUBLIC_BASE_URL: must not contain a #fragment'],
    ),
    service('PORT in use', { PORT: String(options.takenPort) }, [
      `PORT: 127.0.0.1:${options.takenPort} is already in use by another process`,
    ]),
    service(
      'ADMIN_PORT in use',
      { ADMIN_HOST: '127.0.0.1', ADMIN_PORT: String(options.takenPort) },
      [`ADMIN_PORT: 127.0.0.1:${options.takenPort} is already in use by another process`],
    ),
    service(
      'console issuer without client or allow-list',
      { CONSOLE_OIDC_ISSUER: 'https://login.example.com' },
      [
        '  - CONSOLE_OIDC_CLIENT_ID: is required with CONSOLE_OIDC_ISSUER',
        '  - CONSOLE_ALLOWED_EMAIL_DOMAINS: or CONSOLE_ALLOWED_GROUPS is required',
      ],
    ),
  ];
}

/**
 * The CLI cases of the same checks: token-health's environment (exit 78) and verify-cli's
 * `--require` (exit 64). `tokensFile` is an empty tokens file, `takenPort` a held port.
 *
 * @example
 * ```ts
 * const cases = cliConfigCases({ api: sandbox.urls.api, goodToken, tokensFile, takenPort });
 * ```
 */
export function cliConfigCases(options: {
  api: string;
  goodToken: string;
  tokensFile: string;
  takenPort: number;
}): (CliCase & { env?: Record<string, string> })[] {
  const skipStore = ['--once', '--skip-store', '--tokens-file', options.tokensFile];
  return [
    {
      app: 'health',
      label: 'duplicate key id in TOKEN_ENCRYPTION_KEYS',
      argv: ['--once'],
      env: { TOKEN_ENCRYPTION_KEYS: `k1:${KEY},k1:${KEY}`, HEALTH_CONCURRENCY: '0' },
      expectExit: [78],
      expectLines: ['TOKEN_ENCRYPTION_KEYS: key id "k1" appears twice', '  - HEALTH_CONCURRENCY: '],
      secrets: [KEY],
    },
    {
      app: 'health',
      label: 'misspelt HEALTH_REQUIRED_SCOPES',
      argv: skipStore,
      env: { HEALTH_REQUIRED_SCOPES: 'notes:write' },
      expectExit: [78],
      expectLines: [
        'HEALTH_REQUIRED_SCOPES: unknown scope notes:write (did you mean note:read-write?)',
      ],
    },
    {
      app: 'health',
      label: 'http:// ATTIO_API_BASE_URL in production',
      argv: skipStore,
      env: { ATTIO_API_BASE_URL: 'http://attio.example.com' },
      expectExit: [78],
      expectLines: [`ATTIO_API_BASE_URL: ${INSECURE}`],
    },
    {
      app: 'health',
      label: 'HEALTH_PORT in use',
      argv: ['--schedule', '0 0 1 1 *', '--skip-store', '--tokens-file', options.tokensFile],
      env: { HEALTH_HOST: '127.0.0.1', HEALTH_PORT: String(options.takenPort) },
      expectExit: [78],
      expectLines: [`HEALTH_PORT: 127.0.0.1:${options.takenPort} is already in use`],
    },
    {
      app: 'verify',
      label: 'misspelt --require scope',
      argv: ['--token', options.goodToken, '--require', 'notes:write', '--base-url', options.api],
      expectExit: [64],
      expectLines: ['--require: unknown scope notes:write (did you mean note:read-write?)'],
      secrets: [options.goodToken],
    },
  ];
}
