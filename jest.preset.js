const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // Tests import sibling libs from their TypeScript sources (the workspace's custom
  // condition), so no build is needed before `nx test`.
  // openid-client and its two dependencies ship ES modules only; Jest's runtime loads CommonJS, so
  // SWC transforms them like the sources (the rest of node_modules is loaded as is).
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
  testEnvironmentOptions: {
    customExportConditions: ['@attio-auth/source', 'node', 'node-addons'],
  },
};
