import { parseDatabaseUrl } from './database-url.js';

describe('parseDatabaseUrl', () => {
  it.each([
    [undefined, { driver: 'sqlite', path: './.data/connections.sqlite' }],
    ['', { driver: 'sqlite', path: './.data/connections.sqlite' }],
    ['sqlite:./x.sqlite', { driver: 'sqlite', path: './x.sqlite' }],
    ['sqlite:///var/lib/x.sqlite', { driver: 'sqlite', path: '/var/lib/x.sqlite' }],
    ['file:/tmp/x.sqlite', { driver: 'sqlite', path: '/tmp/x.sqlite' }],
    ['/tmp/plain.sqlite', { driver: 'sqlite', path: '/tmp/plain.sqlite' }],
    ['sqlite::memory:', { driver: 'sqlite', path: ':memory:' }],
    [
      'postgres://u:p@h:5432/db',
      { driver: 'postgres', connectionString: 'postgres://u:p@h:5432/db' },
    ],
    ['postgresql://h/db', { driver: 'postgres', connectionString: 'postgresql://h/db' }],
  ])('when the URL is %p, then it selects %p', (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(expected);
  });

  it('when the scheme is unsupported, then STORE_CONFIG_INVALID names the scheme but not the URL', () => {
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/app')).toThrow(
      expect.objectContaining({
        code: 'STORE_CONFIG_INVALID',
        message:
          'Invalid database URL: unsupported scheme "mysql:"; use postgres://…, postgresql://…, sqlite:PATH, ' +
          'file:PATH or a file path.',
      }) as Error,
    );
  });

  it('when sqlite: has no path, then the error shows an example', () => {
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(
      'Invalid database URL: "sqlite:" needs a file path, e.g. sqlite:./.data/connections.sqlite.',
    );
  });
});
