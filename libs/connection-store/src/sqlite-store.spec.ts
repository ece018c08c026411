import { describeConnectionStoreContract } from './contract/connection-store.contract.js';
import { sqliteHarness } from './contract/sqlite-harness.js';

describe('ConnectionStore contract: SQLite driver', () => {
  describeConnectionStoreContract(sqliteHarness());
});
