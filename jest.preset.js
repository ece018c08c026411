const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // Tests import sibling libs from their TypeScript sources (the workspace's custom
  // condition), so no build is needed before `nx test`.
  testEnvironmentOptions: {
    customExportConditions: ['@attio-auth/source', 'node', 'node-addons'],
  },
};
