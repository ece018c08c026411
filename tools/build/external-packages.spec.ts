import { externalPackages, packageOfSpecifier } from './external-packages.js';

describe('packageOfSpecifier', () => {
  it('when given bare, scoped and sub-path specifiers, then it returns the package name', () => {
    expect(['pg', 'zod/v4', '@scope/name/sub', 'better-sqlite3'].map(packageOfSpecifier)).toEqual([
      'pg',
      'zod',
      '@scope/name',
      'better-sqlite3',
    ]);
  });

  it('when given Node built-ins or paths, then no package is named', () => {
    expect(['node:fs', 'fs', 'path', './x.js', '/abs/y.js'].map(packageOfSpecifier)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('externalPackages', () => {
  it('when a metafile lists external and bundled imports, then only the external npm packages come out, once each, sorted', () => {
    const metafile = {
      inputs: {
        'apps/a/src/main.ts': {
          imports: [
            { path: 'libs/x/src/index.ts' },
            { path: 'pino', external: true },
            { path: 'node:fs', external: true },
          ],
        },
        'libs/x/src/index.ts': {
          imports: [
            { path: 'express', external: true },
            { path: 'pino', external: true },
            { path: 'zod/v4', external: true },
          ],
        },
      },
    };
    expect(externalPackages(metafile)).toEqual(['express', 'pino', 'zod']);
  });
});
