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
export {
  createObservationRecorder,
  type ObservationRecorder,
  type ObservationRecorderOptions,
  type ObservedCall,
} from './store/observation-recorder.js';
export { findWholeStoreKeyLoss } from './store/whole-store-key-loss.js';
export { openConnectionStore, type OpenConnectionStoreOptions } from './open-connection-store.js';
export { POSTGRES_TIMEOUT_DEFAULTS, type PostgresTimeouts } from './drivers/postgres-timeouts.js';
export {
  HEALTH_STATUSES,
  OWNER_LIMITS,
  type Connection,
  type ConnectionDeletion,
  type ConnectionFilter,
  type ConnectionHealth,
  type ConnectionLifecycle,
  type ConnectionOwner,
  type ConnectionRepository,
  type CheckInterval,
  type ConnectionStore,
  type ConsumedState,
  type HealthLedger,
  type ObservationLedger,
  type StoredObservation,
  type FlaggedLeaseOptions,
  type SkipSeenHealthyOptions,
  type HealthRecord,
  type HealthResult,
  type HealthStatus,
  type HealthTransition,
  type InstallStateStore,
  type KeyRotation,
  type RotateKeysOptions,
  type LeaseOptions,
  type LeasedConnection,
  type ListConnectionsOptions,
  type RecordHealthOptions,
  type OwnerInput,
  type RevokeOutcome,
  type RevokeResult,
  type RunLocks,
  type SaveConnectionInput,
  type StoreHandle,
} from './store/types.js';
export type {
  HealthHistory,
  HealthHistoryEntry,
  HealthHistoryOptions,
  StatusCountPoint,
  StatusCountsOptions,
  StatusCountsOverTime,
} from './store/health-history-types.js';
export {
  HEALTH_ROUNDS_KEPT,
  type HealthRound,
  type HealthRounds,
  type NewHealthRound,
} from './store/health-round-types.js';
export type {
  ConsumedInstallSession,
  CreateInstallSessionInput,
  InstallSession,
  InstallSessionKind,
  InstallSessions,
} from './store/install-session-types.js';
export type {
  EnqueueRevocationInput,
  LeaseRevocationsOptions,
  LeasedRevocation,
  RecordRevocationInput,
  Revocation,
  RevocationQueue,
  RevocationReason,
  RevocationState,
} from './store/revocation-types.js';
export { revocationRetryDelayMs } from './store/revocation-queue.js';
export {
  DELIVERY_STATES,
  EVENT_TYPES,
  type DeliveryAttempt,
  type DeliveryState,
  type DisabledDestination,
  type EventData,
  type EventDelivery,
  type EventOutbox,
  type EventType,
  type LeaseDeliveriesOptions,
  type LeasedDelivery,
  type NewEvent,
  type StoredEvent,
} from './store/outbox-types.js';
export { DEFAULT_FAILED_TO_CHECK_THRESHOLD } from './store/health-alerts.js';
