import { auditVerdict, treeProblems, unexpectedInstallScripts } from './audit-verdict.js';

describe('auditVerdict', () => {
  it('when the advisory endpoint refuses the request, then the audit could not run (not clean)', () => {
    const stdout = JSON.stringify({
      message:
        '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
    });
    expect(auditVerdict(stdout, 'npm error audit endpoint returned an error')).toEqual({
      kind: 'could-not-run',
      reason:
        '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk (HTTP 405)',
    });
  });

  it('when npm printed no JSON (offline), then the audit could not run with the first stderr line', () => {
    expect(auditVerdict('', 'npm error code ENOTFOUND\nmore')).toEqual({
      kind: 'could-not-run',
      reason: 'npm error code ENOTFOUND',
    });
  });

  it('when only moderate advisories exist, then it is clean', () => {
    expect(
      auditVerdict('{"metadata":{"vulnerabilities":{"moderate":2,"high":0,"critical":0}}}', ''),
    ).toEqual({
      kind: 'clean',
      counts: { moderate: 2, high: 0, critical: 0 },
    });
  });

  it('when a dependency has a high advisory, then it is vulnerable and named', () => {
    const stdout = JSON.stringify({
      metadata: { vulnerabilities: { high: 1, critical: 0 } },
      vulnerabilities: { 'old-lib': { severity: 'high' }, other: { severity: 'low' } },
    });
    expect(auditVerdict(stdout, '')).toEqual({
      kind: 'vulnerable',
      counts: { high: 1, critical: 0 },
      advisories: ['old-lib: high'],
    });
  });
});

describe('treeProblems and unexpectedInstallScripts', () => {
  it('when npm ls reports problems, then they are listed', () => {
    expect(
      treeProblems('{"problems":["missing: pg@^8.0.0, required by @attio-auth/connection-store"]}'),
    ).toEqual(['missing: pg@^8.0.0, required by @attio-auth/connection-store']);
    expect(treeProblems('{"dependencies":{}}')).toEqual([]);
  });

  it('when a production package runs an install script without being allowed, then it is reported', () => {
    const lock = {
      packages: {
        '': {},
        'node_modules/better-sqlite3': { hasInstallScript: true },
        'node_modules/evil/node_modules/postinstaller': { hasInstallScript: true },
        'node_modules/@swc/core': { hasInstallScript: true, dev: true },
      },
    };
    expect(unexpectedInstallScripts(lock, { 'better-sqlite3': true })).toEqual([
      'postinstaller runs an install script and is not in allowScripts',
    ]);
  });
});
