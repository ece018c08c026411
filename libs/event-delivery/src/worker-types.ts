import type { EventOutbox, StoredEvent } from '@attio-auth/connection-store';

/**
 * The outbox roles the worker uses (an opened `ConnectionStore` has them all). The two optional
 * methods keep a 410'd destination switched off across restarts when the store offers them.
 *
 * @example
 * ```ts
 * const outbox: DeliveryOutbox = await openConnectionStore({ keyRing });
 * ```
 */
export type DeliveryOutbox = Pick<
  EventOutbox,
  'fanOutEvents' | 'leaseDeliveries' | 'recordDeliveries'
> & {
  listDisabledDestinations?(): Promise<readonly { destinationId: string }[]>;
};

/**
 * What the worker needs of a destination: its id (the delivery log's key), its filter, and
 * optionally its own max age. The rest (URL, secrets, kind) is for `deliver`.
 *
 * @example
 * ```ts
 * const destination: WorkerDestination = { id: 'ops', matches: () => true };
 * ```
 */
export interface WorkerDestination {
  readonly id: string;
  matches(event: StoredEvent): boolean;
  /** How long a failing delivery is retried before it is dead-lettered; default the worker's. */
  readonly maxAgeMs?: number;
}

/**
 * What one attempt gave: delivered (2xx), retry (any other answer, a timeout, a refused
 * connection; `retryAfterMs` from a `Retry-After`), or gone (410: the destination is switched off).
 * `error` is already masked (no secret, no URL credentials or query).
 */
export type DeliveryOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  | {
      readonly kind: 'retry';
      readonly status?: number | undefined;
      readonly retryAfterMs?: number | undefined;
      readonly error: string;
    }
  | { readonly kind: 'gone' };

/**
 * One POST of one event to one destination. It never throws for an HTTP or network failure (that is
 * a `retry` outcome); `signal` aborts it when the worker stops.
 */
export type DeliverFn<D extends WorkerDestination> = (
  destination: D,
  event: StoredEvent,
  signal: AbortSignal,
) => Promise<DeliveryOutcome>;

/** When to try again, or whether to give up: the backoff policy (attio-events' `nextAttempt`). */
export type RetryPolicy = (input: {
  /** Attempts made, including the one that just failed. */
  readonly attempts: number;
  readonly firstAttemptAtMs: number;
  readonly nowMs: number;
  readonly retryAfterMs: number | undefined;
  readonly maxAgeMs: number;
}) => { readonly retryAtMs: number } | { readonly deadLetter: true };

/**
 * A pino-compatible logger (`pino()` satisfies it). The worker logs one line per failed attempt
 * (event id, destination id, status, masked error) and one per switched-off destination; never a
 * secret, a token or a body.
 *
 * @example
 * ```ts
 * const logger: DeliveryLogger = { info: () => {}, warn: (obj, msg) => console.warn(msg, obj) };
 * ```
 */
export interface DeliveryLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** What the worker did with one delivery, for metrics (`onResult`). */
export type DeliveryResult = 'delivered' | 'retry' | 'dead' | 'gone' | 'lease_lost';

/** What one {@link DeliveryWorker.runOnce} did. */
export interface RunOnceResult {
  /** Events fanned out to their destinations' delivery rows. */
  readonly fannedOut: number;
  readonly leased: number;
  readonly delivered: number;
  readonly retried: number;
  readonly dead: number;
  readonly gone: number;
}
