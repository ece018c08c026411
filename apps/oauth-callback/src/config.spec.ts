import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import express from 'express';

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
  it('when OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME are set, then config.otel carries them', () => {
    expect(
      loadConfig({
        ...minimal,
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/',
        OTEL_SERVICE_NAME: 'install-eu',
      }).otel,
    ).toEqual({ endpoint: 'http://127.0.0.1:4318', serviceName: 'install-eu' });
  });

  it('when OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL, then it is named as a problem', () => {
    expect(
      problemsOf({ ...minimal, OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' }).map(
        (p) => p.variable,
      ),
    ).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT']);
  });

  it('when only the required variables are set, then the documented defaults apply', () => {
    const config = loadConfig(minimal);
    expect(config).toEqual({
      nodeEnv: 'production',
      devMode: false,
      http: {
        port: 3000,
        host: '127.0.0.1',
        metricsPort: undefined,
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
        revokeUrl: 'https://app.attio.com/oauth/revoke',
        requiredScopes: [],
        stateTtlMs: 600_000,
        postInstallUrl: undefined,
        postInstallSigningKey: undefined,
      },
      install: { anonymous: true, returnToAllowlist: [] },
      branding: { appName: 'attio-auth', supportUrl: undefined, logoUrl: undefined },
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
      lifecycle: {
        passIntervalMs: 60_000,
        retentionDays: 30,
        healthHistoryRetentionDays: 90,
        revokeRatePerMinute: 50,
      },
      sharedLimiter: undefined,
      events: {
        destinations: [],
        maxAgeMs: 86_400_000,
        concurrency: 16,
        ssrf: { production: true, allowLoopback: false, allowPrivate: false },
      },
      log: { level: 'info' },
      otel: { endpoint: undefined, serviceName: 'attio-oauth-callback' },
    });
  });

  it('when SHARED_LIMITER names Redis or PostgreSQL, then the per-IP limit config says where, or what is missing', () => {
    expect(
      loadConfig({
        ...minimal,
        SHARED_LIMITER: 'redis',
        SHARED_LIMITER_URL: 'redis://127.0.0.1:6379',
        SHARED_LIMITER_INSTANCES: '3',
      }).sharedLimiter,
    ).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379', instances: 3 });
    expect(problemsOf({ ...minimal, SHARED_LIMITER: 'redis' })).toEqual([
      {
        variable: 'SHARED_LIMITER_URL',
        message: 'is required with SHARED_LIMITER=redis, e.g. redis://127.0.0.1:6379',
      },
    ]);
    expect(problemsOf({ ...minimal, SHARED_LIMITER: 'postgres' })).toEqual([
      {
        variable: 'SHARED_LIMITER',
        message:
          '=postgres keeps the limits in the connection store: set DATABASE_URL to a postgres:// URL, or use SHARED_LIMITER=redis',
      },
    ]);
  });

  it('when install links and branding are configured, then they are parsed', () => {
    const config = loadConfig({
      ...minimal,
      ANONYMOUS_INSTALL: 'false',
      INSTALL_RETURN_TO_ALLOWLIST:
        ' https://app.example.com , https://portal.example.com/settings/,',
      APP_NAME: 'Acme Sync',
      SUPPORT_URL: 'https://help.example.com/attio',
      APP_LOGO_URL: 'https://cdn.example.com/logo.svg',
      ATTIO_TOKEN_URL: 'https://attio.internal.example.com/oauth/token',
    });
    expect(config.install).toEqual({
      anonymous: false,
      returnToAllowlist: ['https://app.example.com', 'https://portal.example.com/settings/'],
    });
    expect(config.branding).toEqual({
      appName: 'Acme Sync',
      supportUrl: 'https://help.example.com/attio',
      logoUrl: 'https://cdn.example.com/logo.svg',
    });
    expect(config.oauth.revokeUrl).toBe('https://attio.internal.example.com/oauth/revoke');
  });

  it('when a return-to entry or the logo URL is unsafe, then each is named', () => {
    expect(
      problemsOf({
        ...minimal,
        INSTALL_RETURN_TO_ALLOWLIST: 'https://app.example.com,https://evil.example.com/?x=1',
        APP_LOGO_URL: 'http://cdn.example.com/logo.svg',
      }).map((p) => [p.variable, p.message.split(';')[0]]),
    ).toEqual([
      ['INSTALL_RETURN_TO_ALLOWLIST', 'entry 2 must not carry a query, fragment or credentials'],
      [
        'APP_LOGO_URL',
        'must use https:// in production (plain http is allowed only to 127.0.0.1, ::1 or localhost)',
      ],
    ]);
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
        message:
          'entry 1 (everyone) is not an IP address or subnet; write false, true, a hop count (e.g. 1) ' +
          'or comma-separated addresses, subnets (10.0.0.0/8) and loopback, linklocal, uniquelocal',
      },
      {
        variable: 'LOG_LEVEL',
        message:
          'Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
      },
      {
        variable: 'TOKEN_ENCRYPTION_KEYS',
        message:
          'is required: set it to kid:base64(32 random bytes), e.g. ' +
          '`k1:$(openssl rand -base64 32)`; for a local demo only, set DEMO_MODE=1 instead',
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

  it('when ADMIN_TOKEN is short, then it is refused with how to generate one', () => {
    expect(problemsOf({ ...minimal, ADMIN_TOKEN: 'short' })).toEqual([
      {
        variable: 'ADMIN_TOKEN',
        message:
          'is too easy to guess (about 11 bits by a character-frequency estimate; at least 128 needed): ' +
          'generate one with `openssl rand -base64 32`, or unset ADMIN_TOKEN to turn the admin API off',
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
    ['ATTIO_REVOKE_URL', 'ftp://app.attio.com/oauth/revoke'],
  ])('when %s is %p, then it is refused by the shared URL rule', (variable, value) => {
    expect(problemsOf({ ...minimal, [variable]: value }).map((p) => p.variable)).toEqual([
      variable,
    ]);
  });

  it.each([
    ['REVOCATION_PASS_INTERVAL_SECONDS', '-1', 'must be at least 0'],
    ['REVOCATION_PASS_INTERVAL_SECONDS', '1.5', 'must be a whole number'],
    ['DELETED_RETENTION_DAYS', '3651', 'must be at most 3650'],
    ['HEALTH_HISTORY_RETENTION_DAYS', '-1', 'must be at least 0'],
    ['REVOKE_RATE_PER_MINUTE', '0', 'must be at least 1'],
    ['REVOKE_RATE_PER_MINUTE', 'fast', 'must be a number'],
  ])('when %s is %p, then it is refused: %s', (variable, value, message) => {
    expect(problemsOf({ ...minimal, [variable]: value })).toEqual([
      expect.objectContaining({ variable, message: expect.stringContaining(message) }),
    ]);
  });

  it('when the lifecycle variables are set, then they reach the config', () => {
    const config = loadConfig({
      ...minimal,
      ATTIO_REVOKE_URL: 'https://attio.example/oauth/revoke',
      REVOCATION_PASS_INTERVAL_SECONDS: '0',
      DELETED_RETENTION_DAYS: '7',
      HEALTH_HISTORY_RETENTION_DAYS: '14',
      REVOKE_RATE_PER_MINUTE: '10',
    });
    // One revocation endpoint for refused installs, deletes and the background pass.
    expect(config.oauth.revokeUrl).toBe('https://attio.example/oauth/revoke');
    expect(config.lifecycle).toEqual({
      passIntervalMs: 0,
      retentionDays: 7,
      healthHistoryRetentionDays: 14,
      revokeRatePerMinute: 10,
    });
  });

  describe('start-up checks', () => {
    const KEY = randomBytes(32).toString('base64');
    const SHORT = randomBytes(16).toString('base64');

    it.each([
      ['a malformed entry', `k1:${KEY},k2`, 'entry 2 is not of the form `kid:base64key`'],
      [
        'a short key',
        `k1:${SHORT}`,
        'key "k1" is 16 bytes; AES-256-GCM needs exactly 32 bytes (generate one with `openssl rand -base64 32`)',
      ],
      [
        'a duplicate key id',
        `k1:${KEY},k1:${KEY}`,
        'key id "k1" appears twice; every key id must be unique',
      ],
    ])(
      'when TOKEN_ENCRYPTION_KEYS has %s, then it is named with the entry and no key material',
      (_, value, problem) => {
        const problems = problemsOf({ ...minimal, TOKEN_ENCRYPTION_KEYS: value });
        expect(problems).toEqual([
          {
            variable: 'TOKEN_ENCRYPTION_KEYS',
            message: `${problem}; write kid:base64(32 bytes)[,kid:base64…], e.g. \`k1:$(openssl rand -base64 32)\``,
          },
        ]);
        expect(JSON.stringify(problems)).not.toContain(KEY);
        expect(JSON.stringify(problems)).not.toContain(SHORT);
      },
    );

    it('when the key ring, TRUST_PROXY and a required variable are all wrong, then all are listed at once', () => {
      expect(
        problemsOf({
          PUBLIC_BASE_URL: minimal.PUBLIC_BASE_URL,
          ATTIO_CLIENT_SECRET: 'secret-1',
          TOKEN_ENCRYPTION_KEYS: `k1:${SHORT}`,
          TRUST_PROXY: 'loopback, 10.0.0.0/33',
        }).map((p) => p.variable),
      ).toEqual(['ATTIO_CLIENT_ID', 'TOKEN_ENCRYPTION_KEYS', 'TRUST_PROXY']);
    });

    it('when a required variable is missing, then the missing key ring is listed with it', () => {
      expect(
        problemsOf({ PUBLIC_BASE_URL: minimal.PUBLIC_BASE_URL, ATTIO_CLIENT_SECRET: 's' }),
      ).toEqual([
        { variable: 'ATTIO_CLIENT_ID', message: 'is required (your OAuth app client id)' },
        {
          variable: 'TOKEN_ENCRYPTION_KEYS',
          message:
            'is required: set it to kid:base64(32 random bytes), e.g. ' +
            '`k1:$(openssl rand -base64 32)`; for a local demo only, set DEMO_MODE=1 instead',
        },
      ]);
    });

    it.each([
      ['10.0.0.0/33', 'entry 1 (10.0.0.0/33) has a prefix length above 32'],
      ['loopback, 999.1.1.1', 'entry 2 (999.1.1.1) is not an IP address or subnet'],
      ['::1/129', 'entry 1 (::1/129) has a prefix length above 128'],
      ['10.0.0.1/', 'entry 1 (10.0.0.1/) is not an IP address or subnet'],
    ])('when TRUST_PROXY=%s, then it is refused naming the entry', (value, problem) => {
      expect(problemsOf({ ...minimal, TRUST_PROXY: value })).toEqual([
        {
          variable: 'TRUST_PROXY',
          message: `${problem}; write false, true, a hop count (e.g. 1) or comma-separated addresses, subnets (10.0.0.0/8) and loopback, linklocal, uniquelocal`,
        },
      ]);
    });

    it.each(['loopback, 10.0.0.0/8', 'uniquelocal,fd00::/8', '192.168.1.1, ::1', '3'])(
      'when TRUST_PROXY=%s is accepted, then Express accepts it too',
      (value) => {
        const trustProxy = loadConfig({ ...minimal, TRUST_PROXY: value }).http.trustProxy;
        expect(() => express().set('trust proxy', trustProxy)).not.toThrow();
      },
    );

    it('when NODE_ENV=production is set with DEMO_MODE=1, then DEMO_MODE is refused', () => {
      expect(problemsOf({ ...minimal, NODE_ENV: 'production', DEMO_MODE: '1' })).toEqual([
        {
          variable: 'DEMO_MODE',
          message:
            'must not be 1 with NODE_ENV=production (demo mode stores tokens under a generated key); ' +
            'set TOKEN_ENCRYPTION_KEYS and DEMO_MODE=0, or NODE_ENV=development for local work',
        },
      ]);
    });

    const insecure =
      'must use https:// in production (plain http is allowed only to 127.0.0.1, ::1 or localhost); ' +
      'behind a TLS-terminating proxy give the https:// address, or on a private network set ALLOW_INSECURE_HTTP=1';
    const httpEverywhere = {
      ...minimal,
      PUBLIC_BASE_URL: 'http://install.internal',
      ATTIO_TOKEN_URL: 'http://attio.internal/oauth/token',
      ATTIO_AUTHORIZE_URL: 'http://attio.internal/authorize',
      ATTIO_API_BASE_URL: 'http://attio.internal',
      ATTIO_REVOKE_URL: 'http://attio.internal/oauth/revoke',
    };

    it('when production URLs use http:// to another host, then each is named', () => {
      expect(problemsOf(httpEverywhere)).toEqual([
        { variable: 'PUBLIC_BASE_URL', message: insecure },
        { variable: 'ATTIO_AUTHORIZE_URL', message: insecure },
        { variable: 'ATTIO_TOKEN_URL', message: insecure },
        { variable: 'ATTIO_API_BASE_URL', message: insecure },
        { variable: 'ATTIO_REVOKE_URL', message: insecure },
      ]);
    });

    it.each([
      ['ALLOW_INSECURE_HTTP=1', { ALLOW_INSECURE_HTTP: '1' }],
      ['NODE_ENV=development', { NODE_ENV: 'development' }],
      ['DEMO_MODE=1', { DEMO_MODE: '1' }],
    ])('when %s, then http:// URLs are accepted', (_, extra) => {
      expect(loadConfig({ ...httpEverywhere, ...extra }).oauth.tokenUrl).toBe(
        'http://attio.internal/oauth/token',
      );
    });

    it('when production URLs use http:// to loopback, then they are accepted', () => {
      const config = loadConfig({
        ...minimal,
        PUBLIC_BASE_URL: 'http://localhost:3000',
        ATTIO_TOKEN_URL: 'http://127.0.0.1:4010/oauth/token',
        ATTIO_AUTHORIZE_URL: 'http://127.8.0.1:4010/authorize',
        ATTIO_API_BASE_URL: 'http://[::1]:4010',
      });
      expect(config.attio.apiBaseUrl).toBe('http://[::1]:4010');
    });

    it.each([
      ['32 × "a"', 'a'.repeat(32), /^is too easy to guess \(about 0 bits/],
      ['a token with a space', `${KEY} x`, /^must not contain whitespace: generate one with/],
    ])('when ADMIN_TOKEN is %s, then it is refused without echoing it', (_, token, message) => {
      const problems = problemsOf({ ...minimal, ADMIN_TOKEN: token });
      expect(problems.map((p) => p.variable)).toEqual(['ADMIN_TOKEN']);
      expect(problems[0]?.message).toMatch(message);
      expect(problems[0]?.message).toContain('`openssl rand -base64 32`');
      expect(problems[0]?.message).not.toContain(token.trim().slice(0, 16));
    });

    it('when ADMIN_TOKEN is 32 random bytes in base64url, then it is accepted', () => {
      const token = randomBytes(32).toString('base64url');
      expect(loadConfig({ ...minimal, ADMIN_TOKEN: token }).admin.token).toBe(token);
    });

    it('when ATTIO_REQUIRED_SCOPES has a typo, then it is refused with the likely scope', () => {
      expect(
        problemsOf({ ...minimal, ATTIO_REQUIRED_SCOPES: 'record_permission:read notes:write' }),
      ).toEqual([
        {
          variable: 'ATTIO_REQUIRED_SCOPES',
          message:
            'unknown scope notes:write (did you mean note:read-write?); scopes are <family>:read or <family>:read-write',
        },
      ]);
    });

    it('when PUBLIC_BASE_URL has a #fragment, then it is refused naming it', () => {
      expect(problemsOf({ ...minimal, PUBLIC_BASE_URL: 'https://install.example.com/#x' })).toEqual(
        [
          {
            variable: 'PUBLIC_BASE_URL',
            message: 'must not contain a #fragment (it is never sent to a server); remove it',
          },
        ],
      );
    });
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
      const adminToken = randomBytes(32).toString('base64url');
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
    expect(CONFIG_VARIABLES).toHaveLength(67);
  });
});
