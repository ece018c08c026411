export {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
  isConnectionStoreError,
} from './errors/connection-store-error.js';
export {
  KeyRing,
  KEY_LENGTH_BYTES,
  generateKeyRingEntry,
  parseKeyRing,
} from './crypto/key-ring.js';
export { DEV_KEY_FILE, loadOrCreateDevKeyRing, type DevKeyRing } from './crypto/dev-key-ring.js';
export { decryptToken, encryptToken, type EncryptedToken } from './crypto/token-cipher.js';
export { DEFAULT_SQLITE_PATH, parseDatabaseUrl, type DatabaseTarget } from './database-url.js';
export { openConnectionStore, type OpenConnectionStoreOptions } from './open-connection-store.js';
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
