import {
  ConnectionStoreErrorCode,
  isConnectionStoreError,
  type ConnectionStore,
  type HealthResult,
  type HealthTransition,
} from '@attio-auth/connection-store';

/** Writes one check's result; `undefined` when the connection was deleted meanwhile. */
export type HealthWriter = (
  workspaceId: string,
  result: HealthResult,
) => Promise<HealthTransition | undefined>;

interface Pending {
  readonly workspaceId: string;
  readonly result: HealthResult;
  readonly resolve: (t: HealthTransition | undefined) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for health results: with `recordHealthMany`, results that finish while a write is in
 * flight (or in the same event-loop turn) go to the store together, in one statement on PostgreSQL
 * and one commit on SQLite, instead of a round trip and a transaction each. One write is in flight at
 * a time and the next starts as soon as it ends, so nothing waits on a timer: under light load every
 * batch holds one result; when the store is slow (a busy machine), batches grow and the per-check cost
 * drops. A failed batch fails each of its results (the round reports the store error, as before).
 * Stores without `recordHealthMany` get one `recordHealth` per result.
 *
 * @example
 * const write = createHealthWriter(store, 64);
 * const transition = await write('ws_1', { status: 'healthy', checkedAt: new Date() });
 */
export function createHealthWriter(
  store: Pick<ConnectionStore, 'recordHealth' | 'recordHealthMany'>,
  maxBatch: number,
): HealthWriter {
  if (!store.recordHealthMany) {
    return async (workspaceId, result) => {
      try {
        return await store.recordHealth(workspaceId, result);
      } catch (error) {
        // Deleted (uninstalled) while we checked it: there is nothing left to report on.
        if (
          isConnectionStoreError(error) &&
          error.code === ConnectionStoreErrorCode.CONNECTION_NOT_FOUND
        )
          return undefined;
        throw error;
      }
    };
  }
  const recordMany = store.recordHealthMany.bind(store);
  let queue: Pending[] = [];
  let busy = false;

  const flush = async () => {
    busy = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const transitions = await recordMany(
          batch.map((p) => ({ workspaceId: p.workspaceId, result: p.result })),
        );
        batch.forEach((p, i) => p.resolve(transitions[i]));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    busy = false;
  };

  return (workspaceId, result) =>
    new Promise((resolve, reject) => {
      queue.push({ workspaceId, result, resolve, reject });
      if (!busy) {
        busy = true;
        // Let results of the same event-loop turn (several responses read in one poll) join this batch.
        setImmediate(() => void flush());
      }
    });
}
