// The public API, name by name. Drivers, SQL, the token cipher and the store's internals are withheld on
// purpose; the contract suite and its harnesses live in the ./testing entry point.
export {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
  isConnectionStoreError,
} from './errors/connection-store-error.js';
export { KeyRing, generateKeyRingEntry, parseKeyRing } from './crypto/key-ring.js';
export { keyRingProblem } from './crypto/key-ring-problem.js';
export { DEV_KEY_FILE, loadOrCreateDevKeyRing, type DevKeyRing } from './crypto/dev-key-ring.js';
export { parseDatabaseUrl, type DatabaseTarget } from './database-url.js';
export { ensurePrivateDirectory, type PrivateDirectory } from './files/private-files.js';
export { findWholeStoreKeyLoss } from './store/whole-store-key-loss.js';
export { openConnectionStore, type OpenConnectionStoreOptions } from './open-connection-store.js';
export { POSTGRES_TIMEOUT_DEFAULTS, type PostgresTimeouts } from './drivers/postgres-driver.js';
export {
  HEALTH_STATUSES,
  type Connection,
  type ConnectionHealth,
  type ConnectionRepository,
  type ConnectionStore,
  type ConsumedState,
  type HealthLedger,
  type HealthRecord,
  type HealthResult,
  type HealthStatus,
  type HealthTransition,
  type InstallStateStore,
  type KeyRotation,
  type LeaseOptions,
  type LeasedConnection,
  type RunLocks,
  type SaveConnectionInput,
  type StoreHandle,
} from './store/types.js';
