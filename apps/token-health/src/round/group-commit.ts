import type {
  HealthLedger,
  HealthRecord,
  HealthTransition,
  RecordHealthOptions,
} from '@attio-auth/connection-store';

/**
 * What the round does with a recorded verdict: `undefined` when the store did not record it (the
 * connection was deleted, or its token changed since the lease); `options`: those its batch was
 * written with.
 */
export type OnRecorded = (
  transition: HealthTransition | undefined,
  options: RecordHealthOptions,
) => void;

/** The round's one path to the store's `record`. */
export interface GroupCommit {
  /**
   * Queues one verdict; `then` runs with its transition once its batch is written. Resolves at once
   * while fewer than `maxPending` verdicts wait, else when one of them is written (backpressure).
   * Rejects with the error of an earlier failed batch, so the round stops starting checks.
   */
  submit(entry: HealthRecord, then: OnRecorded): Promise<void>;
  /** Waits until every queued verdict is written; rethrows the first failure (a batch or a `then`). */
  flush(): Promise<void>;
}

interface Pending {
  readonly entry: HealthRecord;
  readonly then: OnRecorded;
}

/**
 * Group commit for health verdicts: verdicts that finish while a write is in flight (or in the same
 * event-loop turn) go to `record` together — one statement on PostgreSQL, one commit on SQLite —
 * instead of a round trip and a transaction each. One write is in flight at a time and the next
 * starts as soon as it ends, so nothing waits on a timer: under light load a batch holds one verdict;
 * when the store is slow (a busy machine), batches grow and the per-check cost drops. The lane that
 * checked a token moves on to its next check while the verdict is written. Kept for its figure:
 * together with sealed tokens in the lease it cut CPU per check on the health benchmark (10,000
 * checks, tools/bench/health.bench.ts) from 754 to 575 µs in the checker and 377 to 255 µs in the
 * PostgreSQL server, and from 637 to 546 µs on SQLite.
 *
 * @example
 * const ledger = createGroupCommit(store, { maxBatch: 16, maxPending: 16 });
 * await ledger.submit({ workspaceId: 'ws_1', result }, (t) => console.log(t?.previous));
 * await ledger.flush();
 */
export function createGroupCommit(
  store: Pick<HealthLedger, 'record'>,
  limits: { readonly maxBatch: number; readonly maxPending: number },
  /**
   * The record options of the next batch, read when it is written: an incident that opens while
   * verdicts wait makes their batch suppress transient events too.
   */
  recordOptions: () => RecordHealthOptions = () => ({}),
): GroupCommit {
  let queue: Pending[] = [];
  let writing: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  /** Submitters waiting for room in the queue. */
  let waiting: Array<() => void> = [];

  const wakeWaiting = () => {
    const woken = waiting;
    waiting = [];
    for (const wake of woken) wake();
  };

  const writeAll = async () => {
    while (queue.length > 0 && !failure) {
      const batch = queue.slice(0, limits.maxBatch);
      queue = queue.slice(batch.length);
      try {
        const options = recordOptions();
        const transitions = await store.record(
          batch.map((p) => p.entry),
          options,
        );
        batch.forEach((p, i) => p.then(transitions[i], options));
      } catch (error) {
        failure ??= { error };
      }
      wakeWaiting();
    }
    writing = undefined;
    wakeWaiting();
  };

  /** Set asynchronously by `writeAll`, so read through a function (no stale narrowing). */
  const throwIfFailed = () => {
    if (failure) throw failure.error;
  };

  return {
    async submit(entry, then) {
      throwIfFailed();
      queue.push({ entry, then });
      // setImmediate: let verdicts of the same event-loop turn (several responses read in one poll) join.
      writing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(writeAll);
      while (queue.length >= limits.maxPending) {
        throwIfFailed();
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      throwIfFailed();
    },
    async flush() {
      while (writing) await writing;
      throwIfFailed();
    },
  };
}
