/**
 * The public API of @attio-auth/attio-sandbox, listed name by name: start a sandbox, drive it through its
 * handle and admin API, and the constants that describe its fixtures and defaults. Withheld on purpose: the
 * route table, the in-memory state and the test helpers under src/testing/.
 */
export { startSandbox } from './server/start-sandbox.js';
export type {
  CountersSnapshot,
  CreateTokenInput,
  FaultRule,
  RateLimitOptions,
  RevokeCounters,
  RevokedToken,
  RevokeLimitOptions,
  Sandbox,
  SandboxAdmin,
  SandboxApp,
  SandboxFixtures,
  SandboxOptions,
  SandboxWorkspace,
  TokenCounters,
} from './types.js';
export { SandboxInputError } from './state/sandbox-input-error.js';
export { READ_SCOPES, DEFAULT_REDIRECT_URI } from './state/create-fixtures.js';
export { DEFAULT_RATE_LIMIT } from './limits/rate-limiter.js';
export { DEFAULT_REVOKE_LIMIT } from './limits/revoke-limiter.js';
