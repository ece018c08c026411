import { ConfigError, isHttpUrl, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('when values are valid, then they come back frozen and empty ones are dropped', () => {
    const config = loadConfig({ ATTIO_API_BASE_URL: 'http://127.0.0.1:4010', ATTIO_CLIENT_ID: '', UNRELATED: 'x' });
    expect(config).toEqual({ ATTIO_API_BASE_URL: 'http://127.0.0.1:4010' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when several values are invalid, then one ConfigError names every variable', () => {
    expect(() => loadConfig({ ATTIO_API_BASE_URL: 'api.attio.com', ATTIO_OAUTH_BASE_URL: 'ftp://app.attio.com' })).toThrow(
      new ConfigError(
        'invalid configuration: ATTIO_API_BASE_URL: must be an absolute http(s) URL, e.g. https://api.attio.com; ATTIO_OAUTH_BASE_URL: must be an absolute http(s) URL, e.g. https://api.attio.com',
      ),
    );
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
