import baseConfig from '../../eslint.config.mjs';

/**
 * The spec files import the lib's own ./testing entry point by its package name, the way every other
 * implementation of the contract would: the root boundaries rule for specs, allowing that self-import.
 */
const specSelfImport = baseConfig
  .filter((c) => c.files?.includes('**/*.spec.ts') && c.rules?.['@nx/enforce-module-boundaries'])
  .map((c) => {
    const [level, options] = c.rules['@nx/enforce-module-boundaries'];
    return {
      files: ['**/*.spec.ts'],
      rules: {
        '@nx/enforce-module-boundaries': [level, { ...options, allowCircularSelfDependency: true }],
      },
    };
  });

export default [
  ...baseConfig,
  ...specSelfImport,
  {
    files: ['**/*.json'],
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredFiles: ['{projectRoot}/eslint.config.{js,cjs,mjs,ts,cts,mts}'],
          // Only the `./testing` entry imports @jest/globals, and it runs inside the caller's Jest, which
          // provides it. Declared as a peer, npm marked the Jest tree devOptional, so a production install
          // of the workspace kept it (and @parcel/watcher's install script); the README says Jest is needed.
          ignoredDependencies: ['@jest/globals'],
        },
      ],
    },
    languageOptions: {
      parser: await import('jsonc-eslint-parser'),
    },
  },
  {
    ignores: ['**/out-tsc'],
  },
];
