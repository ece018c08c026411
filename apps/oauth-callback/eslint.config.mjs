import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    files: ['**/*.json'],
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredFiles: ['{projectRoot}/eslint.config.{js,cjs,mjs,ts,cts,mts}'],
          // The store's database drivers: optional peers of connection-store, loaded when it opens a
          // store, so the app installs them although no file of its own imports them. And only the
          // `./testing` entry (install driver, harness) drives the sandbox; the service never imports it
          // (module boundaries allow the sandbox in testing and spec files only), so it is a
          // devDependency and a production install goes without it. oidc-provider likewise: only the
          // `./testing` entry runs it (in a child process) as the console tests' identity provider.
          ignoredDependencies: [
            'better-sqlite3',
            'pg',
            '@attio-auth/attio-sandbox',
            'oidc-provider',
          ],
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
