import type { DeliveryAttempt, LeasedDelivery, StoredEvent } from '@attio-auth/connection-store';

import { attemptFor } from './attempt-for-outcome.js';
import { groupDeliveries } from './delivery-groups.js';
import { createWakeSignal, type Sleep } from './wake-signal.js';
import type {
  DeliverFn,
  DeliveryLogger,
  DeliveryOutbox,
  DeliveryOutcome,
  DeliveryResult,
  RetryPolicy,
  RunOnceResult,
  WorkerDestination,
} from './worker-types.js';

/** Defaults of {@link createDeliveryWorker}. */
export const DELIVERY_DEFAULTS = Object.freeze({
  concurrency: 16,
  leaseMs: 60_000,
  maxAgeMs: 24 * 3_600_000,
  pollMs: 1_000,
});

/** Events fanned out per store call; the loop calls again while a call comes back full. */
const FAN_OUT_BATCH = 500;
/** Fan-out calls per loop turn at most, so a backlog never starves the deliveries. */
const FAN_OUT_CALLS_PER_TURN = 4;
/**
 * Deliveries leased and held at once, as a multiple of `concurrency` (the POSTs in flight): fewer,
 * bigger leases (a lease is one write transaction that walks the due index).
 */
const LEASE_FACTOR = 4;
/** Attempts recorded per store call (one transaction) at most. */
const RECORD_BATCH = 200;

/** Options of {@link createDeliveryWorker}. */
export interface DeliveryWorkerOptions<D extends WorkerDestination> {
  readonly outbox: DeliveryOutbox;
  readonly destinations: readonly D[];
  /** Lease owner id, unique per process (e.g. hostname + pid + random). */
  readonly owner: string;
  /** One POST of one event (attio-events' `deliverOnce`, see `deliverWithAttioEvents`). */
  readonly deliver: DeliverFn<D>;
  /** Backoff and dead-lettering (attio-events' `nextAttempt`). */
  readonly retryPolicy: RetryPolicy;
  /** Wall clock in ms (attempt times, max age); give the store the same one. Default `Date.now`. */
  readonly now?: () => number;
  /** Waits between polls; rejects when its signal aborts. */
  readonly sleep: Sleep;
  readonly logger?: DeliveryLogger;
  /** Deliveries in flight at once, over every destination. Default 16. */
  readonly concurrency?: number;
  /** How long a leased delivery stays ours; a killed process's leases come back after it. Default 60 s. */
  readonly leaseMs?: number;
  /** Default max age of a failing delivery before it is dead-lettered (a destination may say its own). */
  readonly maxAgeMs?: number;
  /** How often `start()` looks for new events without a `notify()`. Default 1 s. */
  readonly pollMs?: number;
  /** Called once per attempt recorded (metrics). */
  readonly onResult?: (result: DeliveryResult, destinationId: string) => void;
}

/** A running or runnable delivery worker. */
export interface DeliveryWorker {
  /** One pass: fan new events out, lease a batch, deliver it, record each outcome. */
  runOnce(): Promise<RunOnceResult>;
  /** Starts the loop: polls every `pollMs`, and at once after `notify()` or a finished delivery. */
  start(): void;
  /** Wakes the loop now: call it after a change that wrote events (low latency on this instance). */
  notify(): void;
  /**
   * Stops leasing, then waits up to `waitMs` for the deliveries in flight to finish and be
   * recorded; those still running then are aborted (their leases expire and they are sent again).
   * Resolves how many were abandoned.
   */
  stop(waitMs?: number): Promise<{ abandoned: number }>;
}

type Counts = { -readonly [K in keyof RunOnceResult]: RunOnceResult[K] };

const noCounts = (): Counts => ({
  fannedOut: 0,
  leased: 0,
  delivered: 0,
  retried: 0,
  dead: 0,
  gone: 0,
});

/**
 * Creates the worker that delivers the outbox's events. Each new event is fanned out to the
 * destinations whose filter matches; deliveries are leased (PostgreSQL: `SKIP LOCKED`, so instances
 * share the work without double sends) and sent side by side, but one after another per destination
 * and workspace (the store leases a delivery only once the earlier ones are done), so the order per
 * connection holds. A 2xx is delivered; a 410 switches the destination off (the store disables its
 * pending deliveries; this worker stops sending to it); any other failure is retried with
 * exponential backoff and jitter, after `Retry-After` when the receiver sent one, until the
 * destination's max age, then dead-lettered (a replay re-queues it). At-least-once: a crash between
 * the POST and the record sends the same event, with the same `webhook-id`, again.
 *
 * @example
 * ```ts
 * const worker = createDeliveryWorker({
 *   outbox: store, destinations, owner: `callback-${process.pid}`,
 *   deliver, retryPolicy, sleep,
 * });
 * worker.start();
 * // after a change that wrote events:
 * worker.notify();
 * // on SIGTERM:
 * await worker.stop(10_000);
 * ```
 */
export function createDeliveryWorker<D extends WorkerDestination>(
  options: DeliveryWorkerOptions<D>,
): DeliveryWorker {
  const { outbox, owner, logger } = options;
  const now = options.now ?? Date.now;
  const concurrency = Math.max(1, options.concurrency ?? DELIVERY_DEFAULTS.concurrency);
  const leaseMs = options.leaseMs ?? DELIVERY_DEFAULTS.leaseMs;
  const maxAgeMs = options.maxAgeMs ?? DELIVERY_DEFAULTS.maxAgeMs;
  const pollMs = options.pollMs ?? DELIVERY_DEFAULTS.pollMs;
  const byId = new Map(options.destinations.map((d) => [d.id, d]));
  const disabled = new Set<string>();
  const wake = createWakeSignal(options.sleep);
  const abort = new AbortController();
  const tasks = new Set<Promise<void>>();
  const held = concurrency * LEASE_FACTOR;
  let inFlight = 0;
  // POSTs in flight; the held deliveries past `concurrency` wait here for a free slot, in order.
  let sending = 0;
  const slotWaiters: (() => void)[] = [];
  const acquireSlot = async (): Promise<void> => {
    if (sending < concurrency) {
      sending += 1;
      return;
    }
    await new Promise<void>((resolve) => slotWaiters.push(resolve));
  };
  const releaseSlot = (): void => {
    const next = slotWaiters.shift();
    if (next === undefined) sending -= 1;
    else next();
  };
  let disabledLoaded = false;
  let loop: Promise<void> | undefined;
  let stopped = false;

  // The store files a switched-off destination's new deliveries as 'disabled' (replayable later).
  const matchers = options.destinations.map((d) => ({
    id: d.id,
    matches: (event: StoredEvent) => d.matches(event),
  }));

  const loadDisabled = async (): Promise<void> => {
    if (disabledLoaded || outbox.listDisabledDestinations === undefined) return;
    for (const { destinationId } of await outbox.listDisabledDestinations())
      disabled.add(destinationId);
    disabledLoaded = true;
  };

  // New events come with a notify() (this process wrote them) or are found by the poll (another
  // process did): only then, or while a backlog is left, is the outbox asked for them. A loop turn
  // woken because a delivery finished only leases: on PostgreSQL an empty fan-out is still three
  // round trips (BEGIN, SELECT … FOR UPDATE, COMMIT), about a third of the loop's store time in the
  // events bench before this.
  let fanOutWanted = true;
  let lastFanOutAt = Number.NEGATIVE_INFINITY;
  const fanOut = async (): Promise<number> => {
    if (matchers.length === 0) return 0;
    if (!fanOutWanted && now() - lastFanOutAt < pollMs) return 0;
    fanOutWanted = false;
    lastFanOutAt = now();
    let total = 0;
    try {
      for (let call = 0; call < FAN_OUT_CALLS_PER_TURN; call += 1) {
        const taken = await outbox.fanOutEvents({ limit: FAN_OUT_BATCH, destinations: matchers });
        total += taken;
        if (taken < FAN_OUT_BATCH) return total;
      }
    } catch (error) {
      fanOutWanted = true;
      throw error;
    }
    // Every call came back full: more is waiting, go on at the next turn.
    fanOutWanted = true;
    return total;
  };

  const lease = async (limit: number): Promise<LeasedDelivery[]> => {
    const destinationIds = options.destinations.map((d) => d.id).filter((id) => !disabled.has(id));
    if (destinationIds.length === 0 || limit <= 0) return [];
    return outbox.leaseDeliveries({ owner, limit, leaseMs, destinationIds });
  };

  // Attempts finished while a record is being committed wait for the next commit, all together: one
  // transaction per batch instead of one commit per attempt (group commit; no timer, so an attempt
  // alone is recorded at once). Each caller learns whether its own attempt was recorded.
  const queued: {
    item: { eventId: string; destinationId: string; attempt: DeliveryAttempt };
    settle: (recorded: boolean | Error) => void;
  }[] = [];
  let flushing = false;
  const flush = async (): Promise<void> => {
    flushing = true;
    while (queued.length > 0) {
      const batch = queued.splice(0, RECORD_BATCH);
      try {
        const recorded = await outbox.recordDeliveries(
          owner,
          batch.map((q) => q.item),
        );
        batch.forEach((q, i) => q.settle(recorded[i] === true));
      } catch (error) {
        batch.forEach((q) => q.settle(error as Error));
      }
    }
    flushing = false;
  };
  const record = async (
    eventId: string,
    destinationId: string,
    attempt: DeliveryAttempt,
  ): Promise<boolean> => {
    const result = await new Promise<boolean | Error>((settle) => {
      queued.push({ item: { eventId, destinationId, attempt }, settle });
      if (!flushing) void flush();
    });
    if (result instanceof Error) throw result;
    return result;
  };

  const deliverSafely = async (destination: D, event: StoredEvent): Promise<DeliveryOutcome> => {
    await acquireSlot();
    try {
      return await options.deliver(destination, event, abort.signal);
    } catch (error) {
      // deliver never throws for HTTP or network failures; a throw is a defect, told by name only
      // (a message could carry the URL).
      return { kind: 'retry', error: `delivery failed (${(error as Error).name ?? 'Error'})` };
    } finally {
      releaseSlot();
    }
  };

  /** Sends one group (one destination and workspace) in order; stops at the first retry. */
  const deliverGroup = async (group: readonly LeasedDelivery[], counts: Counts): Promise<void> => {
    for (const { delivery, event } of group) {
      const destination = byId.get(delivery.destinationId);
      if (destination === undefined || disabled.has(delivery.destinationId)) return;
      if (abort.signal.aborted) return;
      const outcome = await deliverSafely(destination, event);
      if (abort.signal.aborted && outcome.kind !== 'delivered') return;
      const attempt = attemptFor(outcome, delivery, {
        nowMs: now(),
        maxAgeMs: destination.maxAgeMs ?? maxAgeMs,
        policy: options.retryPolicy,
      });
      let recorded: boolean;
      try {
        recorded = await record(event.id, destination.id, attempt);
      } catch (error) {
        // The lease expires and the delivery is sent again (same webhook-id): at-least-once.
        logger?.warn(
          { eventId: event.id, destination: destination.id, err: { name: (error as Error).name } },
          'event delivery: could not record the attempt; it will be sent again',
        );
        return;
      }
      if (!recorded) {
        options.onResult?.('lease_lost', destination.id);
        logger?.warn(
          { eventId: event.id, destination: destination.id },
          'event delivery: lease lost before the attempt was recorded (another worker took it)',
        );
        return;
      }
      options.onResult?.(attempt.outcome, destination.id);
      if (attempt.outcome === 'delivered') {
        counts.delivered += 1;
        continue;
      }
      if (attempt.outcome === 'gone') {
        counts.gone += 1;
        disabled.add(destination.id);
        logger?.warn(
          { destination: destination.id, eventId: event.id },
          'event destination answered 410 Gone: switched off (re-enable it to deliver again)',
        );
        return;
      }
      const line = {
        eventId: event.id,
        destination: destination.id,
        status: attempt.status,
        attempts: delivery.attempts + 1,
        error: attempt.error,
      };
      if (attempt.outcome === 'dead') {
        counts.dead += 1;
        logger?.warn(line, 'event delivery gave up after the max age: dead-lettered (replay it)');
        continue;
      }
      counts.retried += 1;
      logger?.info({ ...line, retryAt: attempt.retryAt.toISOString() }, 'event delivery failed');
      return;
    }
  };

  const launch = (leased: readonly LeasedDelivery[], counts: Counts): Promise<void>[] =>
    groupDeliveries(leased).map((group) => {
      inFlight += group.length;
      const task = deliverGroup(group, counts).finally(() => {
        inFlight -= group.length;
        tasks.delete(task);
        // Room for more: let the loop lease again now rather than at the next poll.
        if (inFlight <= held / 2) wake.notify();
      });
      tasks.add(task);
      return task;
    });

  const runOnce = async (): Promise<RunOnceResult> => {
    const counts = noCounts();
    await loadDisabled();
    fanOutWanted = true;
    counts.fannedOut = await fanOut();
    const leased = await lease(held - inFlight);
    counts.leased = leased.length;
    await Promise.all(launch(leased, counts));
    return counts;
  };

  const run = async (): Promise<void> => {
    const counts = noCounts();
    while (!stopped) {
      let worked = false;
      try {
        await loadDisabled();
        worked = (await fanOut()) > 0;
        const leased = await lease(held - inFlight);
        if (leased.length > 0) {
          worked = true;
          launch(leased, counts);
        }
      } catch (error) {
        logger?.warn(
          { err: { name: (error as Error).name, message: (error as Error).message } },
          'event delivery: the store did not answer; trying again at the next poll',
        );
        worked = false;
      }
      if (stopped) break;
      // Lease again once half the held deliveries are done (a finished one wakes the loop then), not
      // after every one: fewer, fuller leases.
      if (!worked || inFlight > held / 2) await wake.wait(pollMs);
    }
  };

  return {
    runOnce,
    start() {
      if (loop !== undefined || stopped) return;
      loop = run();
    },
    notify() {
      fanOutWanted = true;
      wake.notify();
    },
    async stop(waitMs = Number.POSITIVE_INFINITY) {
      stopped = true;
      wake.notify();
      await loop;
      if (tasks.size === 0) return { abandoned: 0 };
      const all = Promise.allSettled([...tasks]);
      if (Number.isFinite(waitMs)) {
        const bound = new AbortController();
        const timedOut = options.sleep(waitMs, bound.signal).then(
          () => 'timeout' as const,
          () => 'done' as const,
        );
        const first = await Promise.race([all.then(() => 'done' as const), timedOut]);
        bound.abort();
        if (first === 'timeout') {
          const abandoned = inFlight;
          abort.abort();
          await all;
          return { abandoned };
        }
      }
      await all;
      return { abandoned: 0 };
    },
  };
}
