import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError, configSchema, describeConfigError, isHttpUrl, loadConfig } from './config.js';

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('when values are valid, then they come back nested, frozen, and empty ones are dropped', () => {
    const config = loadConfig(
      { ATTIO_API_BASE_URL: 'http://127.0.0.1:4010/', ATTIO_API_KEY: '', UNRELATED: 'x' },
      'verify',
    );
    expect(config).toEqual({
      attio: { apiKey: undefined, apiBaseUrl: 'http://127.0.0.1:4010' },
      oauth: {
        clientId: undefined,
        clientSecret: undefined,
        redirectUri: undefined,
        publicBaseUrl: undefined,
        tokenUrl: undefined,
      },
      store: { databaseUrl: undefined, dataDir: undefined, tokenEncryptionKeys: undefined },
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.attio)).toBe(true);
  });

  it('when several values are invalid, then one ConfigError names every variable', () => {
    const err = errorOf(() =>
      loadConfig(
        { PUBLIC_BASE_URL: 'example.com', ATTIO_TOKEN_URL: 'ftp://app.attio.com/oauth/token' },
        'oauth',
      ),
    );
    expect(err.problems).toEqual([
      {
        variable: 'PUBLIC_BASE_URL',
        message: 'must be an absolute http(s) URL with a host, e.g. https://api.example.com',
      },
      {
        variable: 'ATTIO_TOKEN_URL',
        message: 'must start with https:// or http:// (not ftp://), e.g. https://api.example.com',
      },
    ]);
    expect(describeConfigError(err)).toBe(
      'invalid configuration: PUBLIC_BASE_URL: must be an absolute http(s) URL with a host, e.g. https://api.example.com; ' +
        'ATTIO_TOKEN_URL: must start with https:// or http:// (not ftp://), e.g. https://api.example.com',
    );
  });

  it('when a variable only the other command uses is invalid, then this command ignores it', () => {
    expect(
      loadConfig({ ATTIO_TOKEN_URL: 'not a url', ATTIO_API_KEY: 'sk_x' }, 'verify').attio.apiKey,
    ).toBe('sk_x');
    expect(
      loadConfig({ ATTIO_API_BASE_URL: 'not a url', ATTIO_CLIENT_ID: 'c' }, 'oauth').oauth.clientId,
    ).toBe('c');
  });

  describe('secrets from files', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'verify-cli-config-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('when ATTIO_API_KEY_FILE and the store secrets point at files, then the values are read from them', () => {
      writeFileSync(join(dir, 'api_key'), 'sk_from_file\n');
      writeFileSync(join(dir, 'keys'), 'k1:key\n');
      writeFileSync(join(dir, 'db'), 'postgres://u:p@db/attio\n');
      const config = loadConfig(
        {
          ATTIO_API_KEY_FILE: join(dir, 'api_key'),
          TOKEN_ENCRYPTION_KEYS_FILE: join(dir, 'keys'),
          DATABASE_URL_FILE: join(dir, 'db'),
        },
        'verify',
      );
      expect(config.attio.apiKey).toBe('sk_from_file');
      expect(config.store).toEqual({
        databaseUrl: 'postgres://u:p@db/attio',
        dataDir: undefined,
        tokenEncryptionKeys: 'k1:key',
      });
    });

    it('when ATTIO_CLIENT_SECRET_FILE is unreadable, then the oauth command names it', () => {
      const missing = join(dir, 'missing');
      expect(
        errorOf(() => loadConfig({ ATTIO_CLIENT_SECRET_FILE: missing }, 'oauth')).problems,
      ).toEqual([
        {
          variable: 'ATTIO_CLIENT_SECRET_FILE',
          message: `cannot read ${missing} (ENOENT); point it at a readable file that holds ATTIO_CLIENT_SECRET`,
        },
      ]);
    });

    it('when ATTIO_API_KEY and ATTIO_API_KEY_FILE are both set, then ATTIO_API_KEY_FILE is named', () => {
      writeFileSync(join(dir, 'api_key'), 'sk_from_file');
      expect(
        errorOf(() =>
          loadConfig({ ATTIO_API_KEY: 'sk_x', ATTIO_API_KEY_FILE: join(dir, 'api_key') }, 'verify'),
        ).message,
      ).toBe('ATTIO_API_KEY_FILE: cannot be set together with ATTIO_API_KEY; set only one of them');
    });
  });

  it('when compared with .env.example, then every variable of the schema is documented there', () => {
    const example = readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8');
    for (const key of Object.keys(configSchema.shape)) {
      expect({ key, documented: new RegExp(`^${key}=`, 'm').test(example) }).toEqual({
        key,
        documented: true,
      });
    }
  });
});

describe('isHttpUrl', () => {
  it('when given http(s) and other strings, then only absolute http(s) URLs pass', () => {
    expect(isHttpUrl('https://api.attio.com')).toBe(true);
    expect(isHttpUrl('http://127.0.0.1:1')).toBe(true);
    expect(isHttpUrl('api.attio.com')).toBe(false);
    expect(isHttpUrl('file:///etc/passwd')).toBe(false);
    expect(isHttpUrl('https://user:pw@api.attio.com')).toBe(false);
  });
});
