import type { KeyRing } from '../crypto/key-ring.js';
import type { SqlDriver } from '../drivers/sql-driver.js';

/**
 * What every store operation needs: the open driver, the key ring and the injected clock.
 * Passing it explicitly keeps each operation a small, separately testable function.
 */
export interface StoreContext {
  driver: SqlDriver;
  keyRing: KeyRing;
  now: () => Date;
}
