export { startSandbox } from './server/start-sandbox.js';
export type {
  CountersSnapshot,
  CreateTokenInput,
  FaultRule,
  RateLimitOptions,
  Sandbox,
  SandboxAdmin,
  SandboxApp,
  SandboxFixtures,
  SandboxOptions,
  SandboxWorkspace,
  TokenCounters,
} from './types.js';
export { SandboxInputError } from './state/sandbox-input-error.js';
export { REST_ROUTES } from './rest/rest-routes.js';
export { READ_SCOPES, DEFAULT_REDIRECT_URI } from './state/create-fixtures.js';
export { DEFAULT_RATE_LIMIT } from './limits/rate-limiter.js';
