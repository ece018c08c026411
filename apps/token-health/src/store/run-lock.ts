import type { RunLocks } from '@attio-auth/connection-store';

/** The lock row name shared by every checker on one store. */
export const RUN_LOCK_NAME = 'attio-token-health';

/** A held run lock, renewed in the background until released. */
export interface HeldRunLock {
  release(): Promise<void>;
}

/**
 * Takes the store's run lock for this process and keeps renewing it every `ttlMs / 3`, so a live
 * checker never loses it while a crashed one's lock expires after `ttlMs`. Resolves `false` when
 * another live instance holds it. Used on SQLite, where leases cannot use `SKIP LOCKED`.
 *
 * @example
 * const lock = await holdRunLock(store, 'host-1a2b', 300_000);
 * if (lock === false) return ExitCode.Locked;
 * try { await round(); } finally { await lock.release(); }
 */
export async function holdRunLock(
  store: RunLocks,
  owner: string,
  ttlMs: number,
): Promise<HeldRunLock | false> {
  if (!(await store.acquireRunLock(RUN_LOCK_NAME, owner, ttlMs))) return false;
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = Promise.resolve(store.renewRunLock(RUN_LOCK_NAME, owner, ttlMs)).catch(
        () => undefined,
      );
    },
    Math.max(Math.floor(ttlMs / 3), 1000),
  );
  // The renewal must never keep a finished process alive.
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await renewing;
      await store.releaseRunLock(RUN_LOCK_NAME, owner);
    },
  };
}
