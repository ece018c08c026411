import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';

/**
 * How long one synchronous attempt may wait inside SQLite for another connection's lock: none.
 * better-sqlite3 runs on the event loop, so SQLite's own busy wait (sleeps of 1 ms and up) freezes
 * every request of the process, and on a loaded machine each sleep can stretch to tens of ms before
 * the thread runs again. With 0, SQLite answers busy at once and all waiting is done asynchronously
 * (see {@link retryWhileBusy}).
 */
export const SYNC_BUSY_WAIT_MS = 0;

/** The default overall wait for another process's write lock before giving up with STORE_UNAVAILABLE. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** Pauses between attempts: short first (locks are usually brief), then capped so a release is seen fast. */
const FIRST_PAUSE_MS = 2;
const MAX_PAUSE_MS = 25;

/**
 * True for SQLite's "another connection holds the lock" results (`SQLITE_BUSY`, `SQLITE_BUSY_SNAPSHOT`,
 * `SQLITE_BUSY_RECOVERY`, …, and `SQLITE_LOCKED` for a shared-cache table lock).
 *
 * @example
 * ```ts
 * if (isBusyError(err)) await pause();
 * ```
 */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

/**
 * Runs `attempt` until it does not fail with a busy error, pausing asynchronously between tries
 * (2 ms doubling to 25 ms), for at most `budgetMs` in all. Only call it with attempts that change
 * nothing when they fail busy (a single autocommit statement, a `BEGIN IMMEDIATE`). When the budget
 * runs out the last busy error becomes `STORE_UNAVAILABLE`, which callers already treat as "the
 * database did not answer, retry later".
 *
 * @example
 * ```ts
 * const rows = await retryWhileBusy(() => exclusive(() => statement.all()), { budgetMs: 5000, file });
 * ```
 */
export async function retryWhileBusy<T>(
  attempt: () => Promise<T>,
  options: { budgetMs: number; file: string },
): Promise<T> {
  const deadline = performance.now() + options.budgetMs;
  let pause = FIRST_PAUSE_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (!isBusyError(err)) throw err;
      const left = deadline - performance.now();
      if (left <= 0) throw busyTimeout(err, options);
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
      pause = Math.min(pause * 2, MAX_PAUSE_MS);
    }
  }
}

function busyTimeout(err: unknown, options: { budgetMs: number; file: string }) {
  const code = (err as { code: string }).code;
  return new ConnectionStoreError(
    ConnectionStoreErrorCode.UNAVAILABLE,
    `The SQLite database ${options.file} stayed locked by another connection for ${options.budgetMs} ms ` +
      `(${code}); nothing was changed. Retry later; if it persists, look for a process holding a ` +
      'transaction open on that file (another service, a backup, a sqlite3 shell), or raise the busy timeout.',
    { cause: err },
  );
}
