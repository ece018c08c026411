import { randomBytes } from 'node:crypto';
import { parseKeyRing, type KeyRing } from '../crypto/key-ring.js';
import { openConnectionStore } from '../open-connection-store.js';
import type { ConnectionStore } from '../store/types.js';

/** One database a contract test may open stores on (a temp SQLite file or a fresh PostgreSQL schema). */
export interface TestDatabase {
  databaseUrl: string;
  schema?: string;
  /** Everything the database stores, as raw bytes (SQLite: file + WAL; PostgreSQL: every row value). */
  rawBytes(): Promise<Buffer>;
  /** A query over a separate raw connection, bypassing the store. */
  rawQuery(sql: string): Promise<Record<string, unknown>[]>;
}

/** What a driver's spec file provides so the one contract suite can run against it. */
export interface ContractHarness {
  driver: 'sqlite' | 'postgres';
  /** A database nobody has opened yet. */
  freshDatabase(): Promise<TestDatabase>;
  /** Drops everything `freshDatabase` created. */
  cleanup(): Promise<void>;
}

/** A clock the tests move by hand: no sleeps, no wall time. */
export interface ManualClock {
  now: () => Date;
  advance(ms: number): void;
  set(date: Date): void;
}

/** A manual clock starting at `start`. */
export function manualClock(start = new Date('2026-01-15T10:00:00.000Z')): ManualClock {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (date) => {
      t = date.getTime();
    },
  };
}

/** A key ring with one fresh random key under `kid`. */
export function ringWith(...kids: string[]): { ring: KeyRing; value: string } {
  const value = kids.map((kid) => `${kid}:${randomBytes(32).toString('base64')}`).join(',');
  return { ring: parseKeyRing(value), value };
}

/** A token shaped like an Attio access token, unique per call. */
export function fakeAttioToken(): string {
  return `${randomBytes(32).toString('hex')}`;
}

/**
 * Opens stores on test databases and closes every one of them after each test.
 */
export class StoreTracker {
  private readonly open: ConnectionStore[] = [];

  async openOn(
    db: TestDatabase,
    options: { keyRing: KeyRing; now?: () => Date },
  ): Promise<ConnectionStore> {
    const store = await openConnectionStore({
      databaseUrl: db.databaseUrl,
      schema: db.schema,
      keyRing: options.keyRing,
      now: options.now,
    });
    this.open.push(store);
    return store;
  }

  async closeAll(): Promise<void> {
    const stores = this.open.splice(0);
    await Promise.all(stores.map((s) => s.close()));
  }
}
