import { deployManifest } from './deploy-manifest.js';

const app = {
  name: '@attio-auth/verify-cli',
  version: '0.0.1',
  engines: { node: '>=20.19' },
  dependencies: {
    '@attio-auth/attio-core': '*',
    '@attio-auth/connection-store': '*',
    'better-sqlite3': '^12.11.1',
    zod: '^4.6.7',
  },
};
const core = {
  name: '@attio-auth/attio-core',
  version: '0.0.1',
  dependencies: { undici: '^7.30.2' },
};

describe('deployManifest', () => {
  it('when the bundle imports an npm package a bundled lib declares, then it is a dependency with that range and the workspace packages are gone', () => {
    expect(deployManifest(app, ['undici', 'zod'], [core])).toEqual({
      name: '@attio-auth/verify-cli',
      version: '0.0.1',
      private: true,
      type: 'module',
      main: 'main.js',
      scripts: { start: 'node main.js' },
      engines: { node: '>=20.19' },
      dependencies: { 'better-sqlite3': '^12.11.1', undici: '^7.30.2', zod: '^4.6.7' },
    });
  });

  it('when the app and a lib both declare a package, then the app range wins', () => {
    const lib = { name: '@attio-auth/x', version: '0.0.1', dependencies: { zod: '^4.0.0' } };
    expect(deployManifest(app, ['zod'], [lib]).dependencies['zod']).toBe('^4.6.7');
  });

  it('when the bundle imports a package nobody declares, then the build fails naming it and what to do', () => {
    expect(() => deployManifest(app, ['left-pad', 'undici'], [core])).toThrow(
      '@attio-auth/verify-cli imports left-pad but neither it nor a lib it bundles lists it in "dependencies"; add it to its package.json',
    );
  });
});
