const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // Tests import sibling libs from their TypeScript sources (the workspace's custom
  // condition), so no build is needed before `nx test`.
  // Most suites talk to real servers over loopback (sandbox, PostgreSQL, child processes); on a shared
  // 2-core CI machine running several Nx tasks at once, 5 s is too tight for a healthy test.
  testTimeout: 30_000,
  testEnvironmentOptions: {
    customExportConditions: ['@attio-auth/source', 'node', 'node-addons'],
  },
};
