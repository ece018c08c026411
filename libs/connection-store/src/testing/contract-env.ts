import { afterAll, afterEach } from '@jest/globals';
import type { KeyRing } from '../crypto/key-ring.js';
import type { ConnectionStore } from '../store/types.js';
import {
  manualClock,
  ringWith,
  StoreTracker,
  type ContractHarness,
  type ManualClock,
  type TestDatabase,
} from './contract-harness.js';

/** A fresh database with one open store on it, a manual clock and a one-key ring. */
export interface ContractFixture {
  db: TestDatabase;
  clock: ManualClock;
  keys: { ring: KeyRing; value: string };
  store: ConnectionStore;
}

/** Shared by the contract sub-suites. */
export interface ContractEnv {
  harness: ContractHarness;
  tracker: StoreTracker;
  setup(): Promise<ContractFixture>;
}

/**
 * Builds the env and registers the hooks that close stores and drop test databases.
 *
 * @example
 * ```ts
 * const env = createContractEnv(sqliteHarness());
 * it('…', async () => { const { store } = await env.setup(); });
 * ```
 */
export function createContractEnv(harness: ContractHarness): ContractEnv {
  const tracker = new StoreTracker(harness);
  afterEach(() => tracker.closeAll());
  afterAll(() => harness.cleanup());
  return {
    harness,
    tracker,
    async setup() {
      const db = await harness.freshDatabase();
      const clock = manualClock();
      const keys = ringWith('k1');
      const store = await tracker.openOn(db, { keyRing: keys.ring, now: clock.now });
      return { db, clock, keys, store };
    },
  };
}
