import nx from '@nx/eslint-plugin';

/**
 * Module boundaries:
 * apps → libs only; attio-errors → nothing; attio-core → attio-errors;
 * attio-oauth → core, errors; connection-store → errors (and core types);
 * app-config (the apps' environment loading) → errors only;
 * attio-sandbox (type:testing) only from tests, tools and the demo.
 */
const productionConstraints = [
  { sourceTag: 'scope:errors', onlyDependOnLibsWithTags: ['scope:none'] },
  { sourceTag: 'scope:app-config', onlyDependOnLibsWithTags: ['scope:errors'] },
  { sourceTag: 'scope:core', onlyDependOnLibsWithTags: ['scope:errors'] },
  { sourceTag: 'scope:oauth', onlyDependOnLibsWithTags: ['scope:core', 'scope:errors'] },
  { sourceTag: 'scope:store', onlyDependOnLibsWithTags: ['scope:core', 'scope:errors'] },
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
];
