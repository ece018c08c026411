import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, configSchema, isHttpUrl, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('when values are valid, then they come back frozen and empty ones are dropped', () => {
    const config = loadConfig(
      { ATTIO_API_BASE_URL: 'http://127.0.0.1:4010', ATTIO_API_KEY: '', UNRELATED: 'x' },
      'verify',
    );
    expect(config).toEqual({ ATTIO_API_BASE_URL: 'http://127.0.0.1:4010' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when several values are invalid, then one ConfigError names every variable', () => {
    expect(() =>
      loadConfig(
        { PUBLIC_BASE_URL: 'example.com', ATTIO_TOKEN_URL: 'ftp://app.attio.com/oauth/token' },
        'oauth',
      ),
    ).toThrow(
      new ConfigError(
        'invalid configuration: PUBLIC_BASE_URL: must be an absolute http(s) URL, e.g. https://api.attio.com; ATTIO_TOKEN_URL: must be an absolute http(s) URL, e.g. https://api.attio.com',
      ),
    );
  });

  it('when a variable only the other command uses is invalid, then this command ignores it', () => {
    expect(loadConfig({ ATTIO_TOKEN_URL: 'not a url', ATTIO_API_KEY: 'sk_x' }, 'verify')).toEqual({
      ATTIO_API_KEY: 'sk_x',
    });
    expect(loadConfig({ ATTIO_API_BASE_URL: 'not a url', ATTIO_CLIENT_ID: 'c' }, 'oauth')).toEqual({
      ATTIO_CLIENT_ID: 'c',
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
  });
});
