import { describeConnectionStoreContract } from './contract/connection-store.contract.js';
import { describeTarget } from './drivers/postgres-driver.js';
import {
  postgresHarness,
  postgresReachable,
  TEST_DATABASE_URL,
} from './contract/postgres-harness.js';

const reachable = postgresReachable();
const required = process.env['REQUIRE_PG'] === '1';

if (reachable) {
  describe('ConnectionStore contract: PostgreSQL driver', () => {
    describeConnectionStoreContract(postgresHarness());
  });
} else if (required) {
  describe('ConnectionStore contract: PostgreSQL driver (REQUIRE_PG=1)', () => {
    it('when PostgreSQL is required, then it must be reachable', () => {
      throw new Error(
        `PostgreSQL not reachable at ${describeTarget(TEST_DATABASE_URL)} and REQUIRE_PG=1`,
      );
    });
  });
} else {
  describe.skip(`skipped: PostgreSQL not reachable at ${describeTarget(TEST_DATABASE_URL)}`, () => {
    it('runs the ConnectionStore contract against PostgreSQL', () => undefined);
  });
}
