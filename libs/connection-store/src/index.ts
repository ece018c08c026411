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
  type ConnectionStore,
  type HealthResult,
  type HealthStatus,
  type HealthTransition,
  type InstallStateStore,
  type LeaseDueOptions,
  type LeasedConnection,
  type SaveConnectionInput,
} from './store/types.js';
