export * from './scopes/build-scope-table.js';
export * from './scopes/operation-scopes.generated.js';
export * from './scopes/parse-scopes.js';
export * from './scopes/required-scopes.js';
