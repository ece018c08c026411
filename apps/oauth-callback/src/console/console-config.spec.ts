import { ConfigError, loadConfig, type ConfigProblem } from '../config.js';

const minimal = {
  PUBLIC_BASE_URL: 'https://install.example.com/attio/',
  ATTIO_CLIENT_ID: 'client-1',
  ATTIO_CLIENT_SECRET: 'secret-1',
  TOKEN_ENCRYPTION_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
};
const consoleEnv = {
  CONSOLE_OIDC_ISSUER: 'https://login.example.com/',
  CONSOLE_OIDC_CLIENT_ID: 'console',
  CONSOLE_OIDC_CLIENT_SECRET: 'a-long-enough-client-secret',
  CONSOLE_ALLOWED_EMAIL_DOMAINS: 'Example.com, example.org',
};

function problemsOf(env: Record<string, string>): readonly ConfigProblem[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('console configuration', () => {
  it('when CONSOLE_OIDC_ISSUER is unset, then the console and the separate listener are off', () => {
    const { admin } = loadConfig(minimal);
    expect([admin.console, admin.listener]).toEqual([undefined, undefined]);
  });

  it('when the console is configured, then its defaults follow PUBLIC_BASE_URL and the lists are lower-cased', () => {
    expect(loadConfig({ ...minimal, ...consoleEnv }).admin.console).toEqual({
      issuer: 'https://login.example.com',
      clientId: 'console',
      clientSecret: 'a-long-enough-client-secret',
      redirectUri: 'https://install.example.com/admin/console/callback',
      allowedEmailDomains: ['example.com', 'example.org'],
      allowedGroups: [],
      adminGroups: [],
      adminEmails: [],
      groupsClaim: 'groups',
      idleTimeoutMs: 30 * 60_000,
      absoluteTimeoutMs: 12 * 60 * 60_000,
      cookieSecure: true,
    });
  });

  it('when the issuer is set without client or allow-list, then each missing variable is named', () => {
    expect(
      problemsOf({ ...minimal, CONSOLE_OIDC_ISSUER: 'https://login.example.com' }).map(
        (p) => p.variable,
      ),
    ).toEqual([
      'CONSOLE_OIDC_CLIENT_ID',
      'CONSOLE_OIDC_CLIENT_SECRET',
      'CONSOLE_ALLOWED_EMAIL_DOMAINS',
    ]);
  });

  it('when the idle timeout exceeds the maximum, or the secret is short, then both are refused', () => {
    expect(
      problemsOf({
        ...minimal,
        ...consoleEnv,
        CONSOLE_OIDC_CLIENT_SECRET: 'short',
        CONSOLE_SESSION_IDLE_MINUTES: '90',
        CONSOLE_SESSION_MAX_MINUTES: '60',
      }),
    ).toEqual([
      {
        variable: 'CONSOLE_OIDC_CLIENT_SECRET',
        message: 'must be at least 16 characters (it also keys the session cookie)',
      },
      {
        variable: 'CONSOLE_SESSION_IDLE_MINUTES',
        message: 'must not exceed CONSOLE_SESSION_MAX_MINUTES',
      },
    ]);
  });

  it('when ADMIN_PORT is set, then the admin listener uses it on ADMIN_HOST or HOST', () => {
    expect(loadConfig({ ...minimal, HOST: '0.0.0.0', ADMIN_PORT: '9090' }).admin.listener).toEqual({
      host: '0.0.0.0',
      port: 9090,
    });
    expect(
      loadConfig({ ...minimal, ADMIN_HOST: '10.0.0.5', ADMIN_PORT: '0' }).admin.listener,
    ).toEqual({ host: '10.0.0.5', port: 0 });
  });

  it('when the issuer is plain http in production, then it is refused', () => {
    expect(
      problemsOf({
        ...minimal,
        ...consoleEnv,
        CONSOLE_OIDC_ISSUER: 'http://login.example.com',
      }).map((p) => p.variable),
    ).toEqual(['CONSOLE_OIDC_ISSUER']);
  });
});
