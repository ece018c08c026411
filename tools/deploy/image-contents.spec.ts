import { pathProblems, scannedEntries, secretProblems, type ImageEntry } from './image-contents.js';

const file = (path: string, size = 100): ImageEntry => ({ path, type: 'file', size });

describe('image-contents', () => {
  it('when the image holds only the runtime, the apps and their production dependencies, then no path is a problem', () => {
    expect(
      pathProblems([
        file('/usr/local/bin/node'),
        file('/etc/ssl/certs/ISRG_Root_X1.pem'),
        { path: '/usr/lib/ssl/cert.pem', type: 'symlink', size: 0 },
        file('/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt'),
        file('/app/oauth-callback/main.js'),
        file('/app/oauth-callback/package.json'),
        file('/app/oauth-callback/node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
        file('/app/healthcheck.mjs'),
        { path: '/data', type: 'dir', size: 0 },
        { path: '/root/.npm', type: 'dir', size: 0 },
      ]),
    ).toEqual([]);
  });

  it('when secrets, local data, tests or dev dependencies are in the image, then each is named with its problem', () => {
    expect(
      pathProblems([
        file('/app/.env'),
        file('/app/oauth-callback/.env.production'),
        file('/app/tls/server.pem'),
        file('/etc/attio/client.key'),
        file('/data/dev-encryption-key'),
        file('/data/connections.sqlite'),
        file('/app/oauth-callback/state.db'),
        file('/app/oauth-callback/chunks/config.spec.js'),
        file('/app/tools/consumer/fixtures/app.json'),
        file('/src/package.json'),
        file('/root/.npm/_cacache/index'),
        { path: '/app/token-health/node_modules/typescript', type: 'dir', size: 0 },
        { path: '/app/ops-cli/node_modules/@nx', type: 'dir', size: 0 },
      ]),
    ).toEqual([
      '/app/.env: a .env file (config comes from the environment and _FILE mounts)',
      '/app/oauth-callback/.env.production: a .env file (config comes from the environment and _FILE mounts)',
      '/app/tls/server.pem: a key or certificate file outside the public CA bundle',
      '/etc/attio/client.key: a key or certificate file outside the public CA bundle',
      '/data/dev-encryption-key: a generated dev encryption key',
      '/data/connections.sqlite: a SQLite database (local data)',
      '/app/oauth-callback/state.db: a SQLite database (local data)',
      '/app/oauth-callback/chunks/config.spec.js: a test file',
      '/app/tools/consumer/fixtures/app.json: test data or output',
      '/src/package.json: a build-stage leftover (sources, npm cache, workspace)',
      '/root/.npm/_cacache/index: a build-stage leftover (sources, npm cache, workspace)',
      '/app/token-health/node_modules/typescript: a development dependency',
      '/app/ops-cli/node_modules/@nx: a development dependency',
    ]);
  });

  it('when a file holds secret-looking strings, then each kind is named once and the value is not repeated', () => {
    const key = 'sk_' + 'Ab12'.repeat(6);
    const whsec = 'whsec_' + 'Zx9'.repeat(8);
    const ring = 'k1:' + 'A'.repeat(43) + '=';
    const problems = secretProblems(
      '/app/x.js',
      `a="${key}";b="${whsec}";c="${ring}";d="-----BEGIN RSA PRIVATE KEY-----\\n${'MIIEow'.repeat(12)}"; e="${key}"`,
    );
    expect(problems).toEqual([
      '/app/x.js: an sk_ key',
      '/app/x.js: a whsec_ signing secret',
      '/app/x.js: a private key',
      '/app/x.js: a key ring entry',
    ]);
    expect(problems.join('\n')).not.toContain(key);
  });

  it('when code only checks for a PEM header (a key parser), then it is not a private key; a PEM with a body is', () => {
    const parser = 'if (pkcs8.indexOf("-----BEGIN PRIVATE KEY-----") !== 0) throw new TypeError();';
    expect(secretProblems('/app/node_modules/jose/import.js', parser)).toEqual([]);
    const pem = `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(2)}\n-----END PRIVATE KEY-----`;
    expect(secretProblems('/app/key.pem', pem)).toEqual(['/app/key.pem: a private key']);
  });

  it('when code only names the prefixes (redaction patterns, docs), then it is not a secret', () => {
    expect(
      secretProblems(
        '/app/main.js',
        'const re = /\\bsk_[A-Za-z0-9_-]+/g; // whsec_… tokens are redacted',
      ),
    ).toEqual([]);
  });

  it('when entries are listed, then only regular files under /app up to the size limit are scanned', () => {
    expect(
      scannedEntries([
        file('/app/a.js', 10),
        file('/usr/bin/x', 10),
        { path: '/app/dir', type: 'dir', size: 0 },
        file('/app/big.bin', 9 * 1024 * 1024),
      ]).map((e) => e.path),
    ).toEqual(['/app/a.js']);
  });
});
