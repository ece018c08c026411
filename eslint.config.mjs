import nx from '@nx/eslint-plugin';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

/**
 * Module boundaries:
 * apps → libs only; attio-errors → nothing; attio-core → attio-errors;
 * attio-oauth → core, errors; attio-otel (OpenTelemetry adapter) → core (channel names and types); connection-store → errors only (not even core types);
 * app-config (the apps' environment loading) → errors only;
 * connection-lifecycle → store, oauth (and their deps);
 * attio-events (event types, signing, destinations, one delivery attempt) → errors only;
 * rate-budget (shared limits on Redis / PostgreSQL) → core types only;
 * event-delivery (the outbox's delivery worker) → store, attio-events, app-config, errors;
 * attio-sandbox (type:testing) only from tests, tools and the demo.
 */
const productionConstraints = [
  { sourceTag: 'scope:errors', onlyDependOnLibsWithTags: ['scope:none'] },
  { sourceTag: 'scope:app-config', onlyDependOnLibsWithTags: ['scope:errors'] },
  { sourceTag: 'scope:core', onlyDependOnLibsWithTags: ['scope:errors'] },
  { sourceTag: 'scope:otel', onlyDependOnLibsWithTags: ['scope:core'] },
  { sourceTag: 'scope:oauth', onlyDependOnLibsWithTags: ['scope:core', 'scope:errors'] },
  { sourceTag: 'scope:store', onlyDependOnLibsWithTags: ['scope:errors'] },
  {
    sourceTag: 'scope:lifecycle',
    onlyDependOnLibsWithTags: ['scope:store', 'scope:oauth', 'scope:core', 'scope:errors'],
  },
  { sourceTag: 'scope:events', onlyDependOnLibsWithTags: ['scope:errors'] },
  { sourceTag: 'scope:rate-budget', onlyDependOnLibsWithTags: ['scope:core', 'scope:errors'] },
  {
    sourceTag: 'scope:delivery',
    onlyDependOnLibsWithTags: ['scope:store', 'scope:events', 'scope:app-config', 'scope:errors'],
  },
  { sourceTag: 'scope:sandbox', onlyDependOnLibsWithTags: ['scope:core', 'scope:errors'] },
  { sourceTag: 'type:tools', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:util', 'type:data-access'] },
];

/** Tests may also use the sandbox (type:testing); the layering between libs still holds. */
const testConstraints = productionConstraints.map((c) => ({
  ...c,
  onlyDependOnLibsWithTags:
    c.sourceTag === 'scope:errors'
      ? c.onlyDependOnLibsWithTags
      : [...c.onlyDependOnLibsWithTags, 'type:testing'],
}));

const boundaries = (depConstraints) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
    depConstraints,
  },
];

/**
 * Import cycles inside a project: Nx already refuses cycles between projects, so only relative imports
 * are followed. `./x.js` in a TypeScript source means `./x.ts` (NodeNext); packages resolve through
 * node_modules without following the workspace symlinks, which makes them external and skipped.
 */
const importCycles = {
  files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
  plugins: { 'import-x': importX },
  settings: {
    'import-x/extensions': ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'],
    'import-x/resolver-next': [
      createNodeResolver({
        extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'],
        extensionAlias: {
          '.js': ['.ts', '.js'],
          '.mjs': ['.mts', '.mjs'],
          '.cjs': ['.cts', '.cjs'],
        },
        symlinks: false,
      }),
    ],
  },
  rules: {
    'import-x/no-cycle': ['error', { ignoreExternal: true }],
  },
};

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/test-output', '**/*.generated.json'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.cts', '**/*.mts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(productionConstraints),
    },
  },
  {
    files: ['**/*.spec.ts', '**/testing/**/*.ts', '**/*.e2e.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(testConstraints),
    },
  },
  importCycles,
];
