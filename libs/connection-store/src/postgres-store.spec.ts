import {
  DEFAULT_TEST_DATABASE_URL,
  describeConnectionStoreContract,
  postgresHarness,
  postgresReachable,
} from '@attio-auth/connection-store/testing';
import { describeTarget } from './drivers/postgres-driver.js';

const url = process.env['TEST_DATABASE_URL'] ?? DEFAULT_TEST_DATABASE_URL;
const reachable = postgresReachable(url);
const required = process.env['REQUIRE_PG'] === '1';

if (reachable) {
  describeConnectionStoreContract('PostgreSQL driver', postgresHarness(url));
} else if (required) {
  describe('ConnectionStore contract: PostgreSQL driver (REQUIRE_PG=1)', () => {
    it('when PostgreSQL is required, then it must be reachable', () => {
      throw new Error(`PostgreSQL not reachable at ${describeTarget(url)} and REQUIRE_PG=1`);
    });
  });
} else {
  describe.skip(`skipped: PostgreSQL not reachable at ${describeTarget(url)}`, () => {
    it('runs the ConnectionStore contract against PostgreSQL', () => undefined);
  });
}
