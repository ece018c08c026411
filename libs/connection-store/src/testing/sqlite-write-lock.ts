import { spawn } from 'node:child_process';

/** The write lock another process holds on a SQLite file; `release()` commits and ends that process. */
export interface HeldSqliteLock {
  /** Commits the other process's transaction and waits for it to exit. */
  release(): Promise<void>;
}

// Runs in a plain `node -e` child: a second better-sqlite3 connection that takes the write lock and
// keeps it until its stdin closes. Printing "locked" is the signal the parent waits for.
const HOLDER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 10000');
db.exec(process.argv[2] === 'exclusive' ? 'BEGIN EXCLUSIVE' : 'BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
process.stdin.on('data', () => undefined);
process.stdin.on('end', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
`;

/**
 * Starts another process that holds SQLite's write lock on `path` (`BEGIN IMMEDIATE`, or
 * `BEGIN EXCLUSIVE`) and resolves once it holds it: what a second service, a backup script or a
 * `sqlite3` shell left in a transaction does to the store. The child resolves `better-sqlite3` from
 * the current directory, as a workspace's tests do. The lock also ends when this process exits.
 *
 * @example
 * ```ts
 * const lock = await holdSqliteWriteLock(file);
 * const pending = store.saveConnection(input); // waits without blocking the event loop
 * await lock.release();
 * await pending;
 * ```
 */
export function holdSqliteWriteLock(
  path: string,
  mode: 'immediate' | 'exclusive' = 'immediate',
): Promise<HeldSqliteLock> {
  const child = spawn(process.execPath, ['-e', HOLDER, path, mode], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    exited.then((code) =>
      reject(new Error(`the lock holder exited (${code}) before locking: ${stderr.trim()}`)),
    );
    child.stdout.on('data', (d: Buffer) => {
      if (!d.toString().includes('locked')) return;
      resolve({
        async release() {
          child.stdin.end();
          await exited;
        },
      });
    });
  });
}
