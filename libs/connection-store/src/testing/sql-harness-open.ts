import { openConnectionStore } from '../open-connection-store.js';
import type { ConnectionStore } from '../store/types.js';
import type { OpenTestStoreOptions, TestDatabase } from './contract-harness.js';

/** How the SQL harnesses open a store: `openConnectionStore` on the database's URL (and schema). */
export function openSqlStore(
  db: TestDatabase,
  options: OpenTestStoreOptions,
): Promise<ConnectionStore> {
  return openConnectionStore({
    databaseUrl: db.databaseUrl,
    ...(db.schema === undefined ? {} : { schema: db.schema }),
    keyRing: options.keyRing,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
