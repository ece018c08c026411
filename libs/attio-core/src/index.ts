export * from './scopes/build-scope-table.js';
export * from './scopes/operation-scopes.generated.js';
export * from './scopes/parse-scopes.js';
export * from './scopes/required-scopes.js';
export * from './client/types.js';
export * from './client/create-attio-client.js';
export {
  createWorkspaceClient,
  type WorkspaceClientOptions,
} from './client/create-workspace-client.js';
export * from './client/build-url.js';
export * from './client/transport.js';
export * from './client/validate-token.js';
export * from './retry/retry-policy.js';
export * from './retry/shared-pause.js';
export * from './retry/sleep.js';
export * from './rate-limit/sliding-window-throttle.js';
export * from './identify/parse-self.js';
export * from './resources/objects.js';
export * from './resources/workspace-members.js';
export * from './pagination/paginate.js';
export * from './version.js';
