import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ContractHarness, TestDatabase } from './contract-harness.js';

function readIfExists(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}

/** Temp-file SQLite databases: one directory per spec file, one file per test, removed after. */
export function sqliteHarness(): ContractHarness {
  const dir = mkdtempSync(join(tmpdir(), 'connection-store-'));
  let counter = 0;
  return {
    driver: 'sqlite',
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
