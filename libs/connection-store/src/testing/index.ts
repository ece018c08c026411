// The ./testing entry point: the contract suite any ConnectionStore implementation can run, the SQLite
// and PostgreSQL harnesses it runs on here, and the helpers its tests use. Needs Jest (@jest/globals).
export { describeConnectionStoreContract } from './connection-store.contract.js';
export {
  fakeAttioToken,
  manualClock,
  ringWith,
  type ContractHarness,
  type ManualClock,
  type OpenTestStoreOptions,
  type TestDatabase,
} from './contract-harness.js';
export {
  DEFAULT_TEST_DATABASE_URL,
  postgresHarness,
  postgresReachable,
} from './postgres-harness.js';
export {
  holdTableLock,
  startPasswordRefusingServer,
  startSilentServer,
  type FakePostgresServer,
  type HeldTableLock,
} from './postgres-faults.js';
export { sqliteHarness } from './sqlite-harness.js';
export { holdSqliteWriteLock, type HeldSqliteLock } from './sqlite-write-lock.js';
