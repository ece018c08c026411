import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDriver } from '../drivers/load-driver.js';
import type { ContractHarness, TestDatabase } from './contract-harness.js';
import { openSqlStore } from './sql-harness-open.js';

function readIfExists(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}

/**
 * Temp-file SQLite databases for the contract suite: one directory per harness, one file per
 * `freshDatabase()`, all removed by `cleanup()`.
 *
 * @example
 * ```ts
 * describeConnectionStoreContract('SQLite driver', sqliteHarness());
 * ```
 */
export function sqliteHarness(): ContractHarness {
  const dir = mkdtempSync(join(tmpdir(), 'connection-store-'));
  let counter = 0;
  return {
    openStore: openSqlStore,
    async freshDatabase(): Promise<TestDatabase> {
      counter += 1;
      const path = join(dir, `db-${counter}.sqlite`);
      return {
        databaseUrl: `sqlite:${path}`,
        // The main file plus WAL and shared-memory files: committed rows may live only in the WAL.
        rawBytes: async () =>
          Buffer.concat([
            readIfExists(path),
            readIfExists(`${path}-wal`),
            readIfExists(`${path}-shm`),
          ]),
        rawQuery: async (sql) => {
          const Database = await loadDriver('better-sqlite3');
          const db = new Database(path);
          try {
            const statement = db.prepare(sql);
            if (statement.reader) return statement.all() as Record<string, unknown>[];
            statement.run();
            return [];
          } finally {
            db.close();
          }
        },
      };
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
