import { describeConnectionsContract } from './connections.contract.js';
import { createContractEnv } from './contract-env.js';
import type { ContractHarness } from './contract-harness.js';
import { describeEncryptionContract } from './encryption.contract.js';
import { describeHealthAndLeasesContract } from './health-and-leases.contract.js';
import { describeInstallStatesContract } from './install-states.contract.js';

/**
 * The one behavioural contract of `ConnectionStore`. Each driver's spec file calls this with a harness
 * that creates fresh databases for it; the assertions are identical for every driver.
 *
 * @example
 * ```ts
 * describe('SQLite driver', () => describeConnectionStoreContract(sqliteHarness()));
 * ```
 */
export function describeConnectionStoreContract(harness: ContractHarness): void {
  const env = createContractEnv(harness);
  describe('connections', () => describeConnectionsContract(env));
  describe('health, leases and run locks', () => describeHealthAndLeasesContract(env));
  describe('install states', () => describeInstallStatesContract(env));
  describe('encryption, rotation and migrations', () => describeEncryptionContract(env));
}
