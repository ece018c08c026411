import { describe, jest } from '@jest/globals';
import { describeCheckIntervalContract } from './check-interval.contract.js';
import { describeConnectionsContract } from './connections.contract.js';
import { createContractEnv } from './contract-env.js';
import type { ContractHarness } from './contract-harness.js';
import { describeEncryptionContract } from './encryption.contract.js';
import { describeHealthAndLeasesContract } from './health-and-leases.contract.js';
import { describeHealthHistoryContract } from './health-history.contract.js';
import { describeHealthRoundsContract } from './health-rounds.contract.js';
import { describeInstallSessionsContract } from './install-sessions.contract.js';
import { describeInstallStatesContract } from './install-states.contract.js';
import { describeLifecycleContract } from './lifecycle.contract.js';
import { describeOutboxDeliveryContract } from './outbox-delivery.contract.js';
import { describeObservationsContract } from './observations.contract.js';
import { describeOutboxContract } from './outbox.contract.js';
import { describeOwnersAndTagsContract } from './owners-and-tags.contract.js';
import { describeRevocationsContract } from './revocations.contract.js';

/**
 * The one behavioural contract of `ConnectionStore`, as a Jest `describe` block named `name`. Any
 * implementation runs it with a harness that creates fresh databases and opens its store on them;
 * the assertions are the same for every one. Real databases are slow on a loaded machine, so each
 * test gets `timeoutMs` (default 30 s).
 *
 * @example
 * ```ts
 * import { describeConnectionStoreContract, sqliteHarness } from '@attio-auth/connection-store/testing';
 * describeConnectionStoreContract('SQLite driver', sqliteHarness());
 * ```
 */
export function describeConnectionStoreContract(
  name: string,
  harness: ContractHarness,
  options: { timeoutMs?: number } = {},
): void {
  describe(`ConnectionStore contract: ${name}`, () => {
    jest.setTimeout(options.timeoutMs ?? 30_000);
    const env = createContractEnv(harness);
    describe('connections', () => describeConnectionsContract(env));
    describe('health, leases and run locks', () => describeHealthAndLeasesContract(env));
    describe('bounded adaptive check interval', () => describeCheckIntervalContract(env));
    describe('health history', () => describeHealthHistoryContract(env));
    describe('health rounds', () => describeHealthRoundsContract(env));
    describe('observations from live traffic', () => describeObservationsContract(env));
    describe('install states', () => describeInstallStatesContract(env));
    describe('owners and tags', () => describeOwnersAndTagsContract(env));
    describe('replaced tokens and the revocation queue', () => describeRevocationsContract(env));
    describe('soft delete, restore and purge', () => describeLifecycleContract(env));
    describe('install sessions', () => describeInstallSessionsContract(env));
    describe('encryption, rotation and migrations', () => describeEncryptionContract(env));
    describe('event outbox: events written with their changes', () => describeOutboxContract(env));
    describe('event outbox: fan-out, leases and the delivery log', () =>
      describeOutboxDeliveryContract(env));
  });
}
