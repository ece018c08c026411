import type { ObservationLedger, StoredObservation } from './types.js';

/** What the recorder is told: an attio-core `AttioObservation` fits (structurally; no dependency on it). */
export interface ObservedCall {
  kind: StoredObservation['kind'];
  /** Epoch milliseconds. */
  at: number;
  /** Observations without a workspace are dropped: they cannot be tied to a stored connection. */
  workspaceId?: string;
}

/**
 * Options of {@link createObservationRecorder}.
 *
 * @example
 * ```ts
 * const options: ObservationRecorderOptions = { store, flushEveryMs: 1000, onError: (e) => log.warn({ err: e }) };
 * ```
 */
export interface ObservationRecorderOptions {
  store: Pick<ObservationLedger, 'recordObservations'>;
  /** Flush period. Default 1000 ms: a failure reaches the checker about a second after the call saw it. */
  flushEveryMs?: number;
  /** Told when a flush fails (the batch is dropped: observations are hints, the round still checks). */
  onError?: (error: unknown) => void;
}

/**
 * A coalescing observation recorder: `observe()` only sets a map entry (the latest observation per
 * workspace), and a timer writes the map in one transaction every `flushEveryMs`, so a client doing a
 * thousand calls a second costs one small write per period, never one per request.
 */
export interface ObservationRecorder {
  /** Keeps the observation as its workspace's latest (synchronous, no I/O). Pass it as `onObservation`. */
  observe(observation: ObservedCall): void;
  /** Writes what is pending now; resolves once written (or dropped on error). */
  flush(): Promise<void>;
  /** Stops the timer and flushes what is pending. */
  close(): Promise<void>;
}

/**
 * Creates an {@link ObservationRecorder}. The timer is unref'd, so it never keeps a process alive; call
 * `close()` on shutdown to write the last period.
 *
 * @example
 * ```ts
 * const recorder = createObservationRecorder({ store });
 * const client = await createWorkspaceClient({ workspaceId, getToken: (id) => store.getToken(id), onObservation: recorder.observe });
 * // … on shutdown:
 * await recorder.close();
 * ```
 */
export function createObservationRecorder(
  options: ObservationRecorderOptions,
): ObservationRecorder {
  const flushEveryMs = options.flushEveryMs ?? 1000;
  let pending = new Map<string, StoredObservation>();
  let writing: Promise<void> = Promise.resolve();
  let closed = false;

  const flush = (): Promise<void> => {
    if (pending.size === 0) return writing;
    const batch = [...pending.values()];
    pending = new Map();
    // Flushes are chained, so two batches never race and an older one never lands after a newer one.
    writing = writing.then(async () => {
      try {
        await options.store.recordObservations(batch);
      } catch (error) {
        options.onError?.(error);
      }
    });
    return writing;
  };

  const timer = setInterval(() => void flush(), flushEveryMs);
  timer.unref();

  return {
    observe(observation) {
      if (closed || observation.workspaceId === undefined) return;
      const previous = pending.get(observation.workspaceId);
      if (previous !== undefined && previous.at.getTime() > observation.at) return;
      pending.set(observation.workspaceId, {
        workspaceId: observation.workspaceId,
        kind: observation.kind,
        at: new Date(observation.at),
      });
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
    },
  };
}
