import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('when the environment is empty, then every default applies and the result is frozen', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      DATABASE_URL: undefined,
      TOKEN_ENCRYPTION_KEYS: undefined,
      ALERT_WEBHOOK_URL: undefined,
      ATTIO_API_BASE_URL: 'https://api.attio.com',
      HEALTH_REQUIRED_SCOPES: [],
      HEALTH_FAILURE_THRESHOLD: 3,
      HEALTH_CONCURRENCY: 16,
      HEALTH_RATE_LIMIT_PER_SECOND: 100,
      HEALTH_TIMEOUT_MS: 10_000,
      HEALTH_RETRIES: 2,
      HEALTH_BATCH_SIZE: 64,
      HEALTH_LEASE_SECONDS: 300,
      HEALTH_MIN_CHECK_INTERVAL_SECONDS: 60,
      HEALTH_ALERT_RETRIES: 4,
      HEALTH_ALERT_WAIT_MS: 10_000,
      HEALTH_SHUTDOWN_TIMEOUT_MS: 20_000,
      HEALTH_HOST: '0.0.0.0',
      HEALTH_PORT: 9464,
      HEALTH_INSTANCE_ID: undefined,
      LOG_LEVEL: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.HEALTH_REQUIRED_SCOPES)).toBe(true);
  });

  it('when values are given as strings (blank ones unset), then they are coerced and scopes are split', () => {
    const config = loadConfig({
      HEALTH_CONCURRENCY: '8',
      HEALTH_RATE_LIMIT_PER_SECOND: '2.5',
      HEALTH_REQUIRED_SCOPES: 'record_permission:read, object_configuration:read  note:read',
      ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
      HEALTH_PORT: '',
    });
    expect(config.HEALTH_CONCURRENCY).toBe(8);
    expect(config.HEALTH_RATE_LIMIT_PER_SECOND).toBe(2.5);
    expect(config.HEALTH_REQUIRED_SCOPES).toEqual([
      'record_permission:read',
      'object_configuration:read',
      'note:read',
    ]);
    expect(config.ALERT_WEBHOOK_URL).toBe('https://hooks.slack.com/services/T/B/x');
    expect(config.HEALTH_PORT).toBe(9464);
  });

  it('when only ATTIO_REQUIRED_SCOPES is set, then it is the required list; HEALTH_REQUIRED_SCOPES wins when set', () => {
    expect(
      loadConfig({ ATTIO_REQUIRED_SCOPES: 'note:read task:read' }).HEALTH_REQUIRED_SCOPES,
    ).toEqual(['note:read', 'task:read']);
    expect(
      loadConfig({ ATTIO_REQUIRED_SCOPES: 'note:read', HEALTH_REQUIRED_SCOPES: 'list_entry:read' })
        .HEALTH_REQUIRED_SCOPES,
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
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual([
      'ALERT_WEBHOOK_URL',
      'HEALTH_CONCURRENCY',
      'HEALTH_FAILURE_THRESHOLD',
      'LOG_LEVEL',
    ]);
    expect((error as ConfigError).message).toContain('Invalid configuration (4 problems)');
    expect((error as ConfigError).message).toContain('.env.example');
  });
});
