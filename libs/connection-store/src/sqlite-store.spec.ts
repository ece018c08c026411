import {
  describeConnectionStoreContract,
  sqliteHarness,
} from '@attio-auth/connection-store/testing';

describeConnectionStoreContract('SQLite driver', sqliteHarness());
