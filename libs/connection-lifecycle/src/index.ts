/**
 * The public API of @attio-auth/connection-lifecycle: deleting a connection revokes its token at Attio
 * first; a background pass retries the revokes that failed; a retention purge removes soft-deleted rows.
 */
export { attemptRevoke, revokeErrorCode, type RevokeAttempt } from './attempt-revoke.js';
export {
  deleteConnection,
  type DeleteConnectionOptions,
  type DeleteConnectionResult,
  type DeleteRevoke,
} from './delete-connection.js';
export { estimateBulkDelete } from './estimate-bulk-delete.js';
export type { LifecycleDeps, LifecycleLogger, LifecycleStore } from './lifecycle-deps.js';
export { DEFAULT_RETENTION_DAYS, purgeExpired, type PurgeExpiredOptions } from './purge-expired.js';
export {
  DEFAULT_HEALTH_HISTORY_RETENTION_DAYS,
  purgeHealthHistoryExpired,
} from './purge-health-history.js';
export { restoreConnection, type RestoreConnectionResult } from './restore-connection.js';
export {
  runRevocationPass,
  type RevocationPassOptions,
  type RevocationPassResult,
} from './revocation-pass.js';
