import { ConfigError, describeConfigError, loadConfig, withCliOverrides } from './config.js';

describe('loadConfig', () => {
  it('when OTEL_EXPORTER_OTLP_ENDPOINT is set and OTEL_SERVICE_NAME empty, then the endpoint and the default name apply', () => {
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: '' })
        .otel,
    ).toEqual({ endpoint: 'http://collector:4318', serviceName: 'attio-token-health' });
  });

  it('when OTEL_EXPORTER_OTLP_ENDPOINT is not a URL, then loading names it', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' });
    } catch (e) {
      expect((e as ConfigError).problems.map((p) => p.variable)).toEqual([
        'OTEL_EXPORTER_OTLP_ENDPOINT',
      ]);
    }
  });

  it('when the environment is empty, then every default applies and the result is frozen', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      store: {
        databaseUrl: undefined,
        tokenEncryptionKeys: undefined,
        postgres: { connectTimeoutMs: 5_000, statementTimeoutMs: 10_000, lockTimeoutMs: 3_000 },
      },
      attio: { apiBaseUrl: 'https://api.attio.com' },
      health: {
        requiredScopes: [],
        failureThreshold: 3,
        concurrency: 16,
        rateLimitPerSecond: 100,
        timeoutMs: 10_000,
        retries: 2,
        batchSize: 64,
        leaseSeconds: 300,
        checkInterval: { minSeconds: 60, maxSeconds: 60, failingSeconds: 60 },
        skipIfSeenSeconds: 0,
        flagPollSeconds: 2,
        shutdownTimeoutMs: 20_000,
        instanceId: undefined,
        incident: { minFailures: 5, minFailureRatio: 0.2 },
      },
      heartbeat: { url: undefined, timeoutMs: 5_000 },
      alerts: { waitMs: 10_000 },
      events: {
        destinations: [],
        maxAgeMs: 86_400_000,
        concurrency: 16,
        ssrf: { production: true, allowLoopback: false, allowPrivate: false },
      },
      server: { host: '0.0.0.0', port: 9464 },
      sharedLimiter: undefined,
      log: { level: 'info' },
      otel: { endpoint: undefined, serviceName: 'attio-token-health' },
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.health)).toBe(true);
    expect(Object.isFrozen(config.health.requiredScopes)).toBe(true);
  });

  it('when only HEALTH_MIN_CHECK_INTERVAL_SECONDS is set, then the max and failing intervals follow it; set, they are kept', () => {
    expect(loadConfig({ HEALTH_MIN_CHECK_INTERVAL_SECONDS: '300' }).health.checkInterval).toEqual({
      minSeconds: 300,
      maxSeconds: 300,
      failingSeconds: 300,
    });
    expect(
      loadConfig({
        HEALTH_MIN_CHECK_INTERVAL_SECONDS: '300',
        HEALTH_MAX_CHECK_INTERVAL_SECONDS: '86400',
        HEALTH_FAILING_CHECK_INTERVAL_SECONDS: '30',
      }).health.checkInterval,
    ).toEqual({ minSeconds: 300, maxSeconds: 86_400, failingSeconds: 30 });
  });

  it('when the max interval is below the min or the failing one above it, then loading names both', () => {
    let thrown: unknown;
    try {
      loadConfig({
        HEALTH_MIN_CHECK_INTERVAL_SECONDS: '300',
        HEALTH_MAX_CHECK_INTERVAL_SECONDS: '60',
        HEALTH_FAILING_CHECK_INTERVAL_SECONDS: '600',
      });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as ConfigError).problems).toEqual([
      {
        variable: 'HEALTH_MAX_CHECK_INTERVAL_SECONDS',
        message: 'must be at least HEALTH_MIN_CHECK_INTERVAL_SECONDS (300)',
      },
      {
        variable: 'HEALTH_FAILING_CHECK_INTERVAL_SECONDS',
        message: 'must be at most HEALTH_MIN_CHECK_INTERVAL_SECONDS (300)',
      },
    ]);
  });

  it('when values are given as strings (blank ones unset), then they are coerced and scopes are split', () => {
    const config = loadConfig({
      HEALTH_CONCURRENCY: '8',
      HEALTH_RATE_LIMIT_PER_SECOND: '2.5',
      HEALTH_REQUIRED_SCOPES: 'record_permission:read, object_configuration:read  note:read',
      ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
      HEALTH_PORT: '',
    });
    expect(config.health.concurrency).toBe(8);
    expect(config.health.rateLimitPerSecond).toBe(2.5);
    expect(config.health.requiredScopes).toEqual([
      'record_permission:read',
      'object_configuration:read',
      'note:read',
    ]);
    expect(config.events.destinations).toEqual([
      {
        id: 'alert-webhook',
        kind: 'slack',
        url: 'https://hooks.slack.com/services/T/B/x',
        secrets: [],
        events: ['health.*', 'attio.*'],
      },
    ]);
    expect(config.server.port).toBe(9464);
  });

  it('when ALERT_WEBHOOK_URL and EVENT_DESTINATIONS are both set, then the alert webhook is one more slack destination, first', () => {
    const config = loadConfig({
      ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
      EVENT_DESTINATIONS: JSON.stringify([
        { id: 'sync', kind: 'slack', url: 'https://hooks.example.com/sync' },
      ]),
    });
    expect(config.events.destinations.map((d) => [d.id, d.kind, d.events])).toEqual([
      ['alert-webhook', 'slack', ['health.*', 'attio.*']],
      ['sync', 'slack', ['*']],
    ]);
  });

  it('when ALERT_WEBHOOK_URL is plain http in production, then the SSRF rule of every destination refuses it without its path', () => {
    expect(() =>
      loadConfig({ ALERT_WEBHOOK_URL: 'http://hooks.example.com/services/SECRET' }),
    ).toThrow(
      'ALERT_WEBHOOK_URL: http://hooks.example.com/…: In production a destination URL must use https:',
    );
    expect(
      loadConfig({ NODE_ENV: 'development', ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/x' }).events
        .destinations[0]?.url,
    ).toBe('http://127.0.0.1:9/x');
  });

  it('when an EVENT_DESTINATIONS entry takes the id alert-webhook while ALERT_WEBHOOK_URL is set, then the config names the clash', () => {
    expect(() =>
      loadConfig({
        ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
        EVENT_DESTINATIONS: JSON.stringify([
          { id: 'alert-webhook', kind: 'slack', url: 'https://hooks.example.com/x' },
        ]),
      }),
    ).toThrow(
      'EVENT_DESTINATIONS: the id "alert-webhook" is ALERT_WEBHOOK_URL\'s; rename that entry or unset ALERT_WEBHOOK_URL.',
    );
  });

  it('when an event destination is plain http in production, then the SSRF rule names it without its path', () => {
    expect(() =>
      loadConfig({
        EVENT_DESTINATIONS: JSON.stringify([
          { id: 'ops', kind: 'slack', url: 'http://hooks.example.com/services/SECRET' },
        ]),
      }),
    ).toThrow(
      'EVENT_DESTINATIONS: entry 0 (ops, http://hooks.example.com/…): In production a destination URL must use https:',
    );
  });

  it('when only ATTIO_REQUIRED_SCOPES is set, then it is the required list; HEALTH_REQUIRED_SCOPES wins when set', () => {
    expect(
      loadConfig({ ATTIO_REQUIRED_SCOPES: 'note:read task:read' }).health.requiredScopes,
    ).toEqual(['note:read', 'task:read']);
    expect(
      loadConfig({ ATTIO_REQUIRED_SCOPES: 'note:read', HEALTH_REQUIRED_SCOPES: 'list_entry:read' })
        .health.requiredScopes,
    ).toEqual(['list_entry:read']);
  });

  it('when several variables are bad, then the error names every one of them', () => {
    let error: unknown;
    try {
      loadConfig({
        HEALTH_CONCURRENCY: '0',
        HEALTH_FAILURE_THRESHOLD: 'three',
        ALERT_WEBHOOK_URL: 'ftp://example.com/hook',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable);
    expect(problems.sort()).toEqual([
      'ALERT_WEBHOOK_URL',
      'HEALTH_CONCURRENCY',
      'HEALTH_FAILURE_THRESHOLD',
      'LOG_LEVEL',
    ]);
    const message = describeConfigError(error as ConfigError);
    expect(message).toMatch(/^Invalid configuration \(4 problems\):\n {2}- /);
    expect(message).toContain('\n  - LOG_LEVEL: ');
    expect(message).toContain('.env.example');
  });

  it('when the incident and heartbeat variables are set, then they reach config.health.incident and config.heartbeat', () => {
    const config = loadConfig({
      HEALTH_INCIDENT_MIN_FAILURES: '10',
      HEALTH_INCIDENT_MIN_FAILURE_RATIO: '0.5',
      HEALTH_HEARTBEAT_URL: 'https://hc-ping.com/5f1c',
      HEALTH_HEARTBEAT_TIMEOUT_MS: '2000',
    });
    expect(config.health.incident).toEqual({ minFailures: 10, minFailureRatio: 0.5 });
    expect(config.heartbeat).toEqual({ url: 'https://hc-ping.com/5f1c', timeoutMs: 2000 });
  });

  it('when the incident and heartbeat variables are out of range, then each is named and the URL is not echoed', () => {
    let error: unknown;
    try {
      loadConfig({
        HEALTH_INCIDENT_MIN_FAILURES: '0',
        HEALTH_INCIDENT_MIN_FAILURE_RATIO: '1.5',
        HEALTH_HEARTBEAT_URL: 'ftp://secret-uuid@example.com/ping',
        HEALTH_HEARTBEAT_TIMEOUT_MS: '50',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
      'HEALTH_HEARTBEAT_TIMEOUT_MS',
      'HEALTH_HEARTBEAT_URL',
      'HEALTH_INCIDENT_MIN_FAILURES',
      'HEALTH_INCIDENT_MIN_FAILURE_RATIO',
    ]);
    expect(describeConfigError(error as ConfigError)).not.toContain('secret-uuid');
  });

  it('when --concurrency and --base-url are given, then they override their variables and the result stays frozen', () => {
    const config = withCliOverrides(
      loadConfig({ HEALTH_CONCURRENCY: '8', ATTIO_API_BASE_URL: 'https://api.example.com' }),
      { concurrency: 2, baseUrl: 'http://127.0.0.1:4010' },
    );
    expect(config.health.concurrency).toBe(2);
    expect(config.attio.apiBaseUrl).toBe('http://127.0.0.1:4010');
    expect(Object.isFrozen(config.health)).toBe(true);
    expect(withCliOverrides(loadConfig({ HEALTH_CONCURRENCY: '8' }), {}).health.concurrency).toBe(
      8,
    );
  });

  describe('start-up checks', () => {
    function problemsOf(env: Record<string, string>) {
      try {
        loadConfig(env);
      } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
      }
      throw new Error('expected a ConfigError');
    }
    const KEY = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

    it('when TOKEN_ENCRYPTION_KEYS has a bad entry, then it is named with the others, without key material', () => {
      const problems = problemsOf({
        TOKEN_ENCRYPTION_KEYS: `k1:${KEY},k1:${KEY}`,
        HEALTH_CONCURRENCY: '0',
      });
      expect(problems.map((p) => p.variable)).toEqual([
        'TOKEN_ENCRYPTION_KEYS',
        'HEALTH_CONCURRENCY',
      ]);
      expect(problems[0]?.message).toBe(
        'key id "k1" appears twice; every key id must be unique; ' +
          'use the key ring of the oauth-callback service: kid:base64(32 bytes)[,kid:base64…]',
      );
      expect(JSON.stringify(problems)).not.toContain(KEY);
    });

    it('when a required scope is misspelt in either variable, then that variable is named with a suggestion', () => {
      expect(
        problemsOf({ HEALTH_REQUIRED_SCOPES: 'notes:write', ATTIO_REQUIRED_SCOPES: 'task:raed' }),
      ).toEqual([
        {
          variable: 'HEALTH_REQUIRED_SCOPES',
          message:
            'unknown scope notes:write (did you mean note:read-write?); scopes are <family>:read or <family>:read-write',
        },
        {
          variable: 'ATTIO_REQUIRED_SCOPES',
          message:
            'unknown scope task:raed (did you mean task:read?); scopes are <family>:read or <family>:read-write',
        },
      ]);
    });

    it('when ATTIO_API_BASE_URL is http:// to another host in production, then it is refused', () => {
      expect(problemsOf({ ATTIO_API_BASE_URL: 'http://attio.internal' })).toEqual([
        {
          variable: 'ATTIO_API_BASE_URL',
          message:
            'must use https:// in production (plain http is allowed only to 127.0.0.1, ::1 or localhost); ' +
            'behind a TLS-terminating proxy give the https:// address, or on a private network set ALLOW_INSECURE_HTTP=1',
        },
      ]);
    });

    it.each([
      ['a loopback host', { ATTIO_API_BASE_URL: 'http://127.0.0.1:4010' }],
      [
        'ALLOW_INSECURE_HTTP=1',
        { ATTIO_API_BASE_URL: 'http://attio.internal', ALLOW_INSECURE_HTTP: '1' },
      ],
      [
        'NODE_ENV=development',
        { ATTIO_API_BASE_URL: 'http://attio.internal', NODE_ENV: 'development' },
      ],
    ])('when http:// is used with %s, then it is accepted', (_, env) => {
      expect(loadConfig(env).attio.apiBaseUrl).toBe(env.ATTIO_API_BASE_URL);
    });
  });
});
