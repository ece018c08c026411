import { publishedManifest } from './published-manifest.js';
import { extractTsBlocks } from './readme-snippets.js';

const workspaceManifest = {
  name: '@attio-auth/attio-oauth',
  version: '0.0.1',
  private: true,
  type: 'module',
  exports: {
    './package.json': './package.json',
    '.': {
      '@attio-auth/source': './src/index.ts',
      types: './dist/index.d.ts',
      import: './dist/index.js',
      default: './dist/index.js',
    },
  },
  nx: { name: 'attio-oauth', tags: ['type:data-access'] },
  dependencies: {
    '@attio-auth/attio-core': '*',
    '@attio-auth/attio-errors': '*',
    tslib: '^2.3.0',
    undici: '*',
  },
  devDependencies: { jest: '^30.0.0' },
};
const versions = new Map([
  ['@attio-auth/attio-core', '0.0.1'],
  ['@attio-auth/attio-errors', '0.0.1'],
]);

describe('publishedManifest', () => {
  it('when packing, then sibling "*" ranges become exact versions and third-party ranges stay as written', () => {
    expect(publishedManifest(workspaceManifest, versions, {})['dependencies']).toEqual({
      '@attio-auth/attio-core': '0.0.1',
      '@attio-auth/attio-errors': '0.0.1',
      tslib: '^2.3.0',
      undici: '*',
    });
  });

  it('when packing, then the source condition, Nx metadata and devDependencies are dropped and private is kept', () => {
    const out = publishedManifest(workspaceManifest, versions, {});
    expect(out['exports']).toEqual({
      './package.json': './package.json',
      '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' },
    });
    expect(out['nx']).toBeUndefined();
    expect(out['devDependencies']).toBeUndefined();
    expect(out['private']).toBe(true);
  });

  it('when a version and publishable are given, then every lib and sibling range gets that version and private goes', () => {
    const out = publishedManifest(workspaceManifest, versions, {
      version: '1.2.0',
      publishable: true,
    });
    expect(out['version']).toBe('1.2.0');
    expect(out['private']).toBeUndefined();
    expect(out['dependencies']).toMatchObject({
      '@attio-auth/attio-core': '1.2.0',
      '@attio-auth/attio-errors': '1.2.0',
    });
  });

  it('when packing, then the workspace manifest object is left untouched', () => {
    publishedManifest(workspaceManifest, versions, { version: '9.9.9', publishable: true });
    expect(workspaceManifest.version).toBe('0.0.1');
    expect(workspaceManifest.exports['.']['@attio-auth/source']).toBe('./src/index.ts');
  });
});

describe('extractTsBlocks', () => {
  it('when a README mixes fences, then only ts/typescript blocks without "ignore" are returned, with their line', () => {
    const md = [
      '# x',
      '```ts',
      'const a = 1;',
      '```',
      '```bash',
      'npm i',
      '```',
      '```typescript run',
      'let b;',
      '```',
      '```ts ignore',
      'nope',
      '```',
    ].join('\n');
    expect(extractTsBlocks(md)).toEqual([
      { line: 2, code: 'const a = 1;\n', run: false },
      { line: 8, code: 'let b;\n', run: true },
    ]);
  });

  it('when a fence is never closed, then the block runs to the end of the file', () => {
    expect(extractTsBlocks('```ts\nconst a = 1;')).toEqual([
      { line: 1, code: 'const a = 1;\n', run: false },
    ]);
  });
});
