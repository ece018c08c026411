import { randomBytes } from 'node:crypto';
import { parseKeyRing, type KeyRing } from '../crypto/key-ring.js';
import type { ConnectionStore } from '../store/types.js';

/** One database a contract test may open stores on (a temp SQLite file, a fresh PostgreSQL schema, …). */
export interface TestDatabase {
  databaseUrl: string;
  schema?: string;
  /** Everything the database stores, as raw bytes (SQLite: file + WAL; PostgreSQL: every row value). */
  rawBytes(): Promise<Buffer>;
  /** A query over a separate raw connection, bypassing the store. */
  rawQuery(sql: string): Promise<Record<string, unknown>[]>;
}

/** Options a harness opens a store with. */
export interface OpenTestStoreOptions {
  keyRing: KeyRing;
  now?: () => Date;
}

/**
 * What an implementation provides so the one contract suite can run against it: fresh databases, and
 * how to open its store on one.
 *
 * @example
 * ```ts
 * describeConnectionStoreContract('SQLite driver', sqliteHarness());
 * ```
 */
export interface ContractHarness {
  /** A database nobody has opened yet. */
  freshDatabase(): Promise<TestDatabase>;
  /** Opens a store on `db`; the suite closes every store it opens. */
  openStore(db: TestDatabase, options: OpenTestStoreOptions): Promise<ConnectionStore>;
  /** Drops everything `freshDatabase` created. */
  cleanup(): Promise<void>;
}

/** A clock the tests move by hand: no sleeps, no wall time. */
export interface ManualClock {
  now: () => Date;
  advance(ms: number): void;
  set(date: Date): void;
}

/**
 * A manual clock starting at `start`.
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * clock.advance(60_000);
 * ```
 */
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

/**
 * A key ring with one fresh random key per id (the first is active), and its `TOKEN_ENCRYPTION_KEYS` value.
 *
 * @example
 * ```ts
 * const { ring, value } = ringWith('k2', 'k1');
 * ```
 */
export function ringWith(...kids: string[]): { ring: KeyRing; value: string } {
  const value = kids.map((kid) => `${kid}:${randomBytes(32).toString('base64')}`).join(',');
  return { ring: parseKeyRing(value), value };
}

/**
 * A token shaped like an Attio access token, unique per call.
 *
 * @example
 * ```ts
 * await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
 * ```
 */
export function fakeAttioToken(): string {
  return `${randomBytes(32).toString('hex')}`;
}

/**
 * Saves one connection per workspace id, each with a fresh fake token and no scopes.
 *
 * @example
 * ```ts
 * await seedConnections(store, ['ws-1', 'ws-2']);
 * ```
 */
export async function seedConnections(
  store: ConnectionStore,
  ids: readonly string[],
): Promise<void> {
  for (const id of ids)
    await store.saveConnection({ workspaceId: id, scopes: [], token: fakeAttioToken() });
}

/**
 * Opens stores through a harness and closes every one of them after each test.
 *
 * @example
 * ```ts
 * const tracker = new StoreTracker(harness);
 * afterEach(() => tracker.closeAll());
 * ```
 */
export class StoreTracker {
  private readonly open: ConnectionStore[] = [];

  constructor(private readonly harness: ContractHarness) {}

  async openOn(db: TestDatabase, options: OpenTestStoreOptions): Promise<ConnectionStore> {
    const store = await this.harness.openStore(db, options);
    this.open.push(store);
    return store;
  }

  async closeAll(): Promise<void> {
    const stores = this.open.splice(0);
    await Promise.all(stores.map((s) => s.close()));
  }
}
