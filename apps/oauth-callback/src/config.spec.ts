import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { CONFIG_VARIABLES, ConfigError, loadConfig, type ConfigProblem } from './config.js';

const minimal = {
  PUBLIC_BASE_URL: 'https://install.example.com/',
  ATTIO_CLIENT_ID: 'client-1',
  ATTIO_CLIENT_SECRET: 'secret-1',
  TOKEN_ENCRYPTION_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
};

function problemsOf(env: Record<string, string | undefined>): readonly ConfigProblem[] {
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
      http: {
        port: 3000,
        host: '127.0.0.1',
        publicBaseUrl: 'https://install.example.com',
        basePath: '',
        trustProxy: false,
        rateLimit: { windowMs: 60_000, max: 30 },
        cookieSecure: true,
        shutdownTimeoutMs: 10_000,
        readyTimeoutMs: 1_000,
      },
      oauth: {
        clientId: 'client-1',
        clientSecret: 'secret-1',
        redirectUri: 'https://install.example.com/oauth/callback',
        authorizeUrl: 'https://app.attio.com/authorize',
        tokenUrl: 'https://app.attio.com/oauth/token',
        requiredScopes: [],
        stateTtlMs: 600_000,
        postInstallUrl: undefined,
        postInstallSigningKey: undefined,
      },
      attio: { apiBaseUrl: 'https://api.attio.com', timeoutMs: 10_000 },
      store: {
        databaseUrl: undefined,
        tokenEncryptionKeys: minimal.TOKEN_ENCRYPTION_KEYS,
        dataDir: './.data',
        postgres: {
          poolSize: 10,
          connectTimeoutMs: 5_000,
          statementTimeoutMs: 10_000,
          lockTimeoutMs: 3_000,
        },
        sqliteBusyTimeoutMs: 5000,
      },
      admin: { token: undefined },
      log: { level: 'info' },
    });
  });

  it('when loaded, then the config and its nested objects are frozen', () => {
    const config = loadConfig(minimal);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.oauth)).toBe(true);
    expect(Object.isFrozen(config.http.rateLimit)).toBe(true);
    expect(Object.isFrozen(config.oauth.requiredScopes)).toBe(true);
  });

  it('when several variables are wrong, then every one is named in one error', () => {
    const problems = problemsOf({
      PUBLIC_BASE_URL: 'not a url',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      TRUST_PROXY: 'everyone',
    });
    expect(problems).toEqual([
      { variable: 'PORT', message: 'must be a number' },
      {
        variable: 'PUBLIC_BASE_URL',
        message: 'must be an absolute http(s) URL with a host, e.g. https://api.example.com',
      },
      { variable: 'ATTIO_CLIENT_ID', message: 'is required (your OAuth app client id)' },
      { variable: 'ATTIO_CLIENT_SECRET', message: 'is required (your OAuth app client secret)' },
      {
        variable: 'TRUST_PROXY',
        message: 'must be false, true, a hop count (e.g. 1) or comma-separated addresses/subnets',
      },
      {
        variable: 'LOG_LEVEL',
        message:
          'Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
      },
    ]);
  });

  it('when TOKEN_ENCRYPTION_KEYS is missing outside dev mode, then it refuses and says how to fix it', () => {
    expect(problemsOf({ ...minimal, TOKEN_ENCRYPTION_KEYS: '' })).toEqual([
      {
        variable: 'TOKEN_ENCRYPTION_KEYS',
        message:
          'is required: set it to kid:base64(32 random bytes), e.g. ' +
          '`k1:$(openssl rand -base64 32)`; for a local demo only, set DEMO_MODE=1 instead',
      },
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
      expect(config.store.tokenEncryptionKeys).toBeUndefined();
    },
  );

  it('when scopes are listed with spaces and commas, then they are split', () => {
    const config = loadConfig({
      ...minimal,
      ATTIO_REQUIRED_SCOPES: ' record_permission:read, object_configuration:read  note:read',
    });
    expect(config.oauth.requiredScopes).toEqual([
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
    expect(loadConfig({ ...minimal, TRUST_PROXY: value }).http.trustProxy).toEqual(expected);
  });

  it('when ADMIN_TOKEN is short, then it is refused with the minimum length', () => {
    expect(problemsOf({ ...minimal, ADMIN_TOKEN: 'short' })).toEqual([
      {
        variable: 'ADMIN_TOKEN',
        message:
          'must be at least 32 characters (e.g. `openssl rand -base64 32`), or unset to disable the admin API',
      },
    ]);
  });

  it('when the public URL is http and COOKIE_SECURE is auto, then cookies are not marked Secure', () => {
    expect(
      loadConfig({ ...minimal, PUBLIC_BASE_URL: 'http://127.0.0.1:4000' }).http.cookieSecure,
    ).toBe(false);
    expect(
      loadConfig({ ...minimal, PUBLIC_BASE_URL: 'http://127.0.0.1:4000', COOKIE_SECURE: 'true' })
        .http.cookieSecure,
    ).toBe(true);
  });

  it('when OAUTH_REDIRECT_URI and POST_INSTALL_URL are set, then they are used as given', () => {
    const config = loadConfig({
      ...minimal,
      OAUTH_REDIRECT_URI: 'https://edge.example.com/attio/callback',
      POST_INSTALL_URL: 'https://app.example.com/welcome?from=attio',
    });
    expect(config.oauth.redirectUri).toBe('https://edge.example.com/attio/callback');
    expect(config.oauth.postInstallUrl).toBe('https://app.example.com/welcome?from=attio');
  });

  it('when POST_INSTALL_SIGNING_KEY is short, then it is refused with the minimum length', () => {
    expect(problemsOf({ ...minimal, POST_INSTALL_SIGNING_KEY: 'short-key' })).toEqual([
      {
        variable: 'POST_INSTALL_SIGNING_KEY',
        message:
          'must be at least 32 characters (e.g. `openssl rand -base64 32`), or unset to send workspace_id unsigned',
      },
    ]);
    const key = 'k'.repeat(32);
    expect(
      loadConfig({ ...minimal, POST_INSTALL_SIGNING_KEY: key }).oauth.postInstallSigningKey,
    ).toBe(key);
  });

  it.each([
    ['POST_INSTALL_URL', 'javascript:alert(1)'],
    ['OAUTH_REDIRECT_URI', 'https://install.example.com/oauth/callback#x'],
    ['ATTIO_TOKEN_URL', 'https://client:secret@app.attio.com/oauth/token'],
    ['ATTIO_API_BASE_URL', 'https://api.attio.com/?region=eu'],
    ['PUBLIC_BASE_URL', 'https://install.example.com/?a=1'],
  ])('when %s is %p, then it is refused by the shared URL rule', (variable, value) => {
    expect(problemsOf({ ...minimal, [variable]: value }).map((p) => p.variable)).toEqual([
      variable,
    ]);
  });

  describe('secrets from files', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'oauth-callback-config-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    function mounted(name: string, value: string): string {
      const path = join(dir, name);
      writeFileSync(path, `${value}\n`);
      return path;
    }

    it('when each secret is given as NAME_FILE, then the values are read from the mounted files', () => {
      const adminToken = 'a'.repeat(40);
      const config = loadConfig({
        PUBLIC_BASE_URL: minimal.PUBLIC_BASE_URL,
        ATTIO_CLIENT_ID: 'client-1',
        ATTIO_CLIENT_SECRET_FILE: mounted('client_secret', 'secret-from-file'),
        TOKEN_ENCRYPTION_KEYS_FILE: mounted('keys', minimal.TOKEN_ENCRYPTION_KEYS),
        ADMIN_TOKEN_FILE: mounted('admin_token', adminToken),
        DATABASE_URL_FILE: mounted('database_url', 'postgres://app:pw@db:5432/attio'),
      });
      expect(config.oauth.clientSecret).toBe('secret-from-file');
      expect(config.store.tokenEncryptionKeys).toBe(minimal.TOKEN_ENCRYPTION_KEYS);
      expect(config.admin.token).toBe(adminToken);
      expect(config.store.databaseUrl).toBe('postgres://app:pw@db:5432/attio');
    });

    it('when a secret is set both ways, then NAME_FILE is named and the secret is not shown', () => {
      let message = '';
      try {
        loadConfig({ ...minimal, ATTIO_CLIENT_SECRET_FILE: mounted('cs', 'other-secret') });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toBe(
        'ATTIO_CLIENT_SECRET_FILE: cannot be set together with ATTIO_CLIENT_SECRET; set only one of them',
      );
    });

    it('when a variable is not a secret, then its NAME_FILE is ignored', () => {
      expect(loadConfig({ ...minimal, PORT_FILE: mounted('port', '9999') }).http.port).toBe(3000);
    });
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
    expect(CONFIG_VARIABLES).toHaveLength(32);
  });
});
