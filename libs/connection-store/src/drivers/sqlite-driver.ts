import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import { ensurePrivateDirectory, restrictFileToOwner } from '../files/private-files.js';
import { applyMigrations } from './apply-migrations.js';
import {
  DEFAULT_BUSY_TIMEOUT_MS,
  isBusyError,
  retryWhileBusy,
  SYNC_BUSY_WAIT_MS,
} from './sqlite-busy.js';
import type { Migration, SqlDialect, SqlDriver, SqlSession } from './sql-driver.js';

type Db = Database.Database;
type Statement = Database.Statement<unknown[], unknown>;

const DIALECT: SqlDialect = Object.freeze({
  bytesType: 'BLOB',
  claimSuffix: '',
  lockSuffix: '',
  serialPrimaryKey: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  statementsAreRoundTrips: false,
  anyOf: (subquery: string) => `IN (${subquery})`,
});

/**
 * One mutex per database file for the whole process. better-sqlite3 is synchronous: if a second
 * connection to the same file hit SQLITE_BUSY while the first held `BEGIN IMMEDIATE` across an
 * `await`, its busy-wait would block the very event loop the first one needs to commit. Serialising
 * in-process access per file avoids that. Other processes are waited for asynchronously (see
 * `retryWhileBusy`), outside this mutex, so a waiting statement holds up neither the event loop nor
 * the other connections of this process.
 */
const fileLocks = new Map<string, { tail: Promise<unknown> }>();

/** A prepared statement and the order of `$n` parameters its `?` placeholders take. */
interface Prepared {
  statement: Statement;
  order: number[];
}

/**
 * The embedded driver: one better-sqlite3 connection in WAL mode (readers never block the writer).
 * The directory it creates is 0700, the database and its `-wal`/`-shm` files 0600, whatever the
 * umask (tokens are encrypted, but metadata and the key ids are not). `busyTimeoutMs` (default 5 s)
 * bounds how long a statement waits for another process's write lock before `STORE_UNAVAILABLE`;
 * the wait is asynchronous, except while opening (nothing is served before the store is open).
 *
 * @example
 * ```ts
 * const driver = openSqliteDriver(await loadDriver('better-sqlite3'), './.data/connections.sqlite');
 * await driver.migrate(MIGRATIONS, Date.now());
 * ```
 */
export function openSqliteDriver(
  SqliteDatabase: typeof Database,
  path: string,
  options: { busyTimeoutMs?: number } = {},
): SqlDriver {
  const memory = path === ':memory:';
  const busyTimeoutMs = Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  if (!memory) {
    ensurePrivateDirectory(dirname(resolve(path)));
    // SQLite creates -wal and -shm with the database file's mode, so 0600 here carries over.
    restrictFileToOwner(path, { create: true });
    for (const suffix of ['-wal', '-shm']) restrictFileToOwner(`${path}${suffix}`);
  }
  const db = new SqliteDatabase(path);
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  if (!memory) db.pragma('journal_mode = WAL');
  // WAL + NORMAL is durable across application crashes; only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${Math.min(SYNC_BUSY_WAIT_MS, busyTimeoutMs)}`);
  return new SqliteDriver(
    db,
    memory ? `:memory:${Math.random()}` : resolve(path),
    memory ? ':memory:' : path,
    busyTimeoutMs,
  );
}

class SqliteDriver implements SqlDriver {
  readonly kind = 'sqlite' as const;
  readonly dialect = DIALECT;
  /**
   * Prepared statements of this connection, keyed by the `$n` SQL text. Kept: preparing the lease
   * statement costs about 290 µs, a cache hit 0.06 µs, and the texts are a small fixed set.
   */
  private readonly statements = new Map<string, Prepared>();
  private readonly session: SqlSession;

  constructor(
    private readonly db: Db,
    private readonly fileKey: string,
    private readonly file: string,
    private readonly busyTimeoutMs: number,
  ) {
    this.session = {
      all: async <T>(sql: string, params?: readonly unknown[]) => this.execAll(sql, params) as T[],
      run: async (sql: string, params?: readonly unknown[]) => this.execRun(sql, params),
    };
  }

  // A single autocommit statement that fails busy changed nothing, so it is safe to run again.
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.whenFree(async () => this.execAll(sql, params) as T[]);
  }

  run(sql: string, params?: readonly unknown[]): Promise<number> {
    return this.whenFree(async () => this.execRun(sql, params));
  }

  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.whenFree(async () => {
      // IMMEDIATE takes the write lock now, so read-then-write sequences (leases, health) are atomic.
      // Only this BEGIN is retried when busy: once `fn` ran, running it again is not ours to decide.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.session);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw isBusyError(err) ? this.busyInTransaction(err) : err;
      }
    });
  }

  migrate(migrations: readonly Migration[], nowMs: number): Promise<number[]> {
    return this.transaction((tx) => applyMigrations(tx, this.dialect, migrations, nowMs));
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      if (this.db.open) this.db.close();
    });
  }

  /** Runs `fn` under the file's mutex, again after an asynchronous pause while another process is busy. */
  private whenFree<T>(fn: () => Promise<T>): Promise<T> {
    return retryWhileBusy(() => this.exclusive(fn), {
      budgetMs: this.busyTimeoutMs,
      file: this.file,
    });
  }

  private busyInTransaction(err: unknown): ConnectionStoreError {
    return new ConnectionStoreError(
      ConnectionStoreErrorCode.UNAVAILABLE,
      `The SQLite database ${this.file} was locked by another connection in the middle of a transaction ` +
        `(${(err as { code: string }).code}); it was rolled back. Retry later.`,
      { cause: err },
    );
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    let lock = fileLocks.get(this.fileKey);
    if (lock === undefined) {
      lock = { tail: Promise.resolve() };
      fileLocks.set(this.fileKey, lock);
    }
    const result = lock.tail.then(fn);
    lock.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private prepare(sql: string): Prepared {
    let prepared = this.statements.get(sql);
    if (prepared === undefined) {
      const order: number[] = [];
      const text = sql.replace(/\$(\d+)/g, (_m, n: string) => {
        order.push(Number(n) - 1);
        return '?';
      });
      prepared = { statement: this.db.prepare(text), order };
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private bind(order: number[], params: readonly unknown[] = []): unknown[] {
    return order.map((i) => (params[i] === undefined ? null : params[i]));
  }

  private execAll(sql: string, params?: readonly unknown[]): unknown[] {
    const { statement, order } = this.prepare(sql);
    if (!statement.reader) {
      statement.run(...this.bind(order, params));
      return [];
    }
    return statement.all(...this.bind(order, params));
  }

  private execRun(sql: string, params?: readonly unknown[]): number {
    const { statement, order } = this.prepare(sql);
    if (statement.reader) return statement.all(...this.bind(order, params)).length;
    return statement.run(...this.bind(order, params)).changes;
  }
}
