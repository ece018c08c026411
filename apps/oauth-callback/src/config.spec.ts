import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config.js';

const minimal = {
  PUBLIC_BASE_URL: 'https://install.example.com/',
  ATTIO_CLIENT_ID: 'client-1',
  ATTIO_CLIENT_SECRET: 'secret-1',
  TOKEN_ENCRYPTION_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('when only the required variables are set, then the documented defaults apply', () => {
    const config = loadConfig(minimal);
    expect(config).toEqual({
      nodeEnv: 'production',
      devMode: false,
      port: 3000,
      host: '127.0.0.1',
      publicBaseUrl: 'https://install.example.com',
      redirectUri: 'https://install.example.com/oauth/callback',
      attio: {
        clientId: 'client-1',
        clientSecret: 'secret-1',
        authorizeUrl: 'https://app.attio.com/authorize',
        tokenUrl: 'https://app.attio.com/oauth/token',
        apiBaseUrl: 'https://api.attio.com',
        requiredScopes: [],
        timeoutMs: 10_000,
      },
      postInstallUrl: undefined,
      databaseUrl: undefined,
      tokenEncryptionKeys: minimal.TOKEN_ENCRYPTION_KEYS,
      dataDir: './.data',
      adminToken: undefined,
      trustProxy: false,
      rateLimit: { windowMs: 60_000, max: 30 },
      stateTtlMs: 600_000,
      cookieSecure: true,
      logLevel: 'info',
      shutdownTimeoutMs: 10_000,
    });
  });

  it('when loaded, then the config and its nested objects are frozen', () => {
    const config = loadConfig(minimal);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.attio)).toBe(true);
    expect(Object.isFrozen(config.attio.requiredScopes)).toBe(true);
  });

  it('when several variables are wrong, then every one is named in one error', () => {
    const problems = problemsOf({
      PUBLIC_BASE_URL: 'not a url',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toEqual([
      'PORT must be a number',
      'PUBLIC_BASE_URL must be an absolute http(s) URL, e.g. https://install.example.com',
      'ATTIO_CLIENT_ID is required (your OAuth app client id)',
      'ATTIO_CLIENT_SECRET is required (your OAuth app client secret)',
      'LOG_LEVEL Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
    ]);
  });

  it('when TOKEN_ENCRYPTION_KEYS is missing outside dev mode, then it refuses and says how to fix it', () => {
    expect(problemsOf({ ...minimal, TOKEN_ENCRYPTION_KEYS: '' })).toEqual([
      'TOKEN_ENCRYPTION_KEYS is required: set it to kid:base64(32 random bytes), e.g. ' +
        '`k1:$(openssl rand -base64 32)`; for a local demo only, set DEMO_MODE=1 instead',
    ]);
  });

  it.each([
    ['DEMO_MODE=1', { DEMO_MODE: '1' }],
    ['NODE_ENV=development', { NODE_ENV: 'development' }],
  ])(
    'when TOKEN_ENCRYPTION_KEYS is missing with %s, then dev mode starts without a key',
    (_n, extra) => {
      const config = loadConfig({ ...minimal, TOKEN_ENCRYPTION_KEYS: undefined, ...extra });
      expect(config.devMode).toBe(true);
      expect(config.tokenEncryptionKeys).toBeUndefined();
    },
  );

  it('when scopes are listed with spaces and commas, then they are split', () => {
    const config = loadConfig({
      ...minimal,
      ATTIO_REQUIRED_SCOPES: ' record_permission:read, object_configuration:read  note:read',
    });
    expect(config.attio.requiredScopes).toEqual([
      'record_permission:read',
      'object_configuration:read',
      'note:read',
    ]);
  });

  it.each([
    ['false', false],
    ['true', true],
    ['2', 2],
    ['loopback, 10.0.0.0/8', 'loopback,10.0.0.0/8'],
  ])('when TRUST_PROXY=%s, then trustProxy is %p', (value, expected) => {
    expect(loadConfig({ ...minimal, TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('when TRUST_PROXY is not an address list, then it is refused', () => {
    expect(problemsOf({ ...minimal, TRUST_PROXY: 'everyone' })).toEqual([
      'TRUST_PROXY must be false, true, a hop count (e.g. 1) or comma-separated addresses/subnets',
    ]);
  });

  it('when ADMIN_TOKEN is short, then it is refused with the minimum length', () => {
    expect(problemsOf({ ...minimal, ADMIN_TOKEN: 'short' })).toEqual([
      'ADMIN_TOKEN must be at least 32 characters (e.g. `openssl rand -base64 32`), or unset to disable the admin API',
    ]);
  });

  it('when the public URL is http and COOKIE_SECURE is auto, then cookies are not marked Secure', () => {
    expect(loadConfig({ ...minimal, PUBLIC_BASE_URL: 'http://127.0.0.1:4000' }).cookieSecure).toBe(
      false,
    );
    expect(
      loadConfig({ ...minimal, PUBLIC_BASE_URL: 'http://127.0.0.1:4000', COOKIE_SECURE: 'true' })
        .cookieSecure,
    ).toBe(true);
  });

  it('when OAUTH_REDIRECT_URI and POST_INSTALL_URL are set, then they are used as given', () => {
    const config = loadConfig({
      ...minimal,
      OAUTH_REDIRECT_URI: 'https://edge.example.com/attio/callback',
      POST_INSTALL_URL: 'https://app.example.com/welcome',
    });
    expect(config.redirectUri).toBe('https://edge.example.com/attio/callback');
    expect(config.postInstallUrl).toBe('https://app.example.com/welcome');
  });

  it('when POST_INSTALL_URL is a javascript: URL, then it is refused', () => {
    expect(problemsOf({ ...minimal, POST_INSTALL_URL: 'javascript:alert(1)' })).toEqual([
      'POST_INSTALL_URL must be an absolute http(s) URL, e.g. https://app.example.com/welcome',
    ]);
  });
});

describe('.env.example', () => {
  it('when the service reads a variable, then .env.example documents it', () => {
    const documented = new Set(
      readFileSync(resolve(__dirname, '../../../.env.example'), 'utf8')
        .split('\n')
        .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
        .filter((name): name is string => name !== undefined),
    );
    expect(CONFIG_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
    expect(CONFIG_VARIABLES).toHaveLength(25);
  });
});
