/**
 * The public API of @attio-auth/attio-core, listed name by name: everything here is a promise to users.
 * Withheld on purpose: the client's internals (URL building, the token-format check, the shared 429 pause,
 * the response parsers behind `listObjects()` / `listWorkspaceMembers()`, the standalone paginators behind
 * `paginateOffset` / `paginateCursor`, the User-Agent helper). The scope-table generator is a workspace script
 * (tools/scopes/), not part of the lib.
 */
export type { OperationScopes } from './scopes/operation-scopes.js';
export { ALL_SCOPES, OPERATION_SCOPES } from './scopes/operation-scopes.generated.js';
export { missingScopes, parseScopes, scopeSatisfies } from './scopes/parse-scopes.js';
export { createScopeLookup, requiredScopesFor } from './scopes/required-scopes.js';
export { describeUnknownScopes, suggestScope, unknownScopes } from './scopes/unknown-scopes.js';
export type { UnknownScope } from './scopes/unknown-scopes.js';
export type {
  AttioCallOptions,
  AttioClient,
  AttioClientOptions,
  AttioRequest,
  HttpMethod,
  Logger,
  QueryValue,
  RateLimitOptions,
  ResponseSchema,
} from './client/types.js';
export {
  createAttioClient,
  DEFAULT_BASE_URL,
  DEFAULT_RATE_LIMIT,
  DEFAULT_TIMEOUT_MS,
} from './client/create-attio-client.js';
export {
  createWorkspaceClient,
  type WorkspaceClientOptions,
} from './client/create-workspace-client.js';
export {
  defaultDispatcher,
  fetchTransport,
  undiciTransport,
  type RawResponse,
  type Transport,
  type TransportRequest,
  type FetchTransportOptions,
} from './client/transport.js';
export {
  computeBackoff,
  decideRetry,
  DEFAULT_RETRY,
  isIdempotent,
  type RetryDecision,
  type RetryInput,
  type RetryOptions,
} from './retry/retry-policy.js';
export { defaultSleep } from './retry/sleep.js';
export {
  SlidingWindowThrottle,
  type RequestThrottle,
  type ThrottleClock,
  type ThrottleRelease,
} from './rate-limit/sliding-window-throttle.js';
export type { RateBudget, RateGrant, RequestClass } from './rate-limit/rate-budget.js';
export { LocalRateBudget, type LocalRateLimits } from './rate-limit/local-rate-budget.js';
export { tokenBudgetKey } from './rate-limit/token-budget-key.js';
export { parseSelfResponse, type ActiveToken, type SelfResult } from './identify/parse-self.js';
export type { AttioObject } from './resources/objects.js';
export type { WorkspaceMember } from './resources/workspace-members.js';
export type { CursorPageOptions, OffsetPageOptions } from './pagination/paginate.js';
export type { AttioObservation, ObservationHook } from './observe/observation.js';
export { ATTIO_CORE_VERSION } from './version.js';
export {
  ATTIO_TRACING_CHANNELS,
  type AttioAttemptTrace,
  type AttioCallTrace,
  type AttioHttpTarget,
  type AttioWaitEvent,
} from './tracing/channels.js';
export { httpTargetOf, requestIdOf, urlTemplateFor } from './tracing/http-target.js';
