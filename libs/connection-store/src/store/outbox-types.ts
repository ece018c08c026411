import type { HealthStatus } from './types.js';

/**
 * What happened, as the signed lifecycle and health events name it. `connection.*` events are written
 * by the store in the same transaction as the change; `health.*` by `record()`; `attio.*` (incidents)
 * by the health checker through {@link EventOutbox.appendEvents}.
 *
 * @example
 * ```ts
 * const type: EventType = 'health.broken';
 * ```
 */
export type EventType =
  | 'connection.created'
  | 'connection.replaced'
  | 'connection.reconnected'
  | 'connection.deleted'
  | 'connection.restored'
  | 'connection.token_revoked'
  | 'health.broken'
  | 'health.recovered'
  | 'attio.unreachable'
  | 'attio.reachable';

/**
 * Every {@link EventType}, in a stable order (validation, CLI flags, destination filters).
 *
 * @example
 * ```ts
 * EVENT_TYPES.includes(input as EventType);
 * ```
 */
export const EVENT_TYPES: readonly EventType[] = Object.freeze([
  'connection.created',
  'connection.replaced',
  'connection.reconnected',
  'connection.deleted',
  'connection.restored',
  'connection.token_revoked',
  'health.broken',
  'health.recovered',
  'attio.unreachable',
  'attio.reachable',
]);

/** Every {@link DeliveryState}. */
export const DELIVERY_STATES: readonly DeliveryState[] = Object.freeze([
  'pending',
  'delivered',
  'dead',
  'disabled',
]);

/**
 * The `data` of an event. Never holds a token, a key or a secret.
 *
 * @example
 * ```ts
 * const data: EventData = { workspace_id: 'ws_1', owner: { tags: { team: 'sales' } }, new_status: 'revoked' };
 * ```
 */
export interface EventData {
  workspace_id?: string;
  workspace_name?: string | null;
  owner?: { display_name: string | null; tags: Record<string, string> };
  old_status?: HealthStatus | null;
  new_status?: HealthStatus | null;
  /** A stable reason code (`revoked`, `unreachable`, `http_503`, …). */
  reason?: string | null;
  missing_scopes?: string[];
  [key: string]: unknown;
}

/**
 * One stored event: the body sent to every destination is `{ id, type, timestamp, data }` (the
 * Standard Webhooks payload shape, plus the id); `id` is also the `webhook-id` header.
 *
 * @example
 * ```ts
 * const [event] = await outbox.listEvents({ workspaceId: 'ws_1', limit: 1 });
 * ```
 */
export interface StoredEvent {
  /** `evt_…`, unique and stable across retries and replays. */
  id: string;
  /** Store-assigned order; per workspace it follows commit order. */
  seq: number;
  type: EventType;
  /** Null for workspace-less events (incidents). */
  workspaceId: string | null;
  createdAt: Date;
  data: EventData;
}

/** An event the caller asks to append (incidents); the store assigns id, seq and time. */
export interface NewEvent {
  type: EventType;
  workspaceId: string | null;
  data: EventData;
}

/**
 * Delivery state of one event to one destination: `pending` (to send, or retrying), `delivered`,
 * `dead` (gave up after the destination's max age; replay re-queues it), `disabled` (the destination
 * answered 410 Gone: it is switched off until re-enabled).
 */
export type DeliveryState = 'pending' | 'delivered' | 'dead' | 'disabled';

/**
 * The delivery log entry of one event to one destination. No secret, no token; `lastError` is masked
 * by the caller before it is recorded.
 */
export interface EventDelivery {
  eventId: string;
  eventSeq: number;
  destinationId: string;
  workspaceId: string | null;
  state: DeliveryState;
  attempts: number;
  firstAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

/** One leased delivery: the event to send, to which destination, with a lease. */
export interface LeasedDelivery {
  delivery: EventDelivery;
  event: StoredEvent;
}

/** Options of {@link EventOutbox.leaseDeliveries}. */
export interface LeaseDeliveriesOptions {
  owner: string;
  limit: number;
  leaseMs: number;
  /** Only these destinations (the configured, enabled ones). */
  destinationIds: readonly string[];
}

/** What one attempt gave, recorded by {@link EventOutbox.recordDelivery}. */
export type DeliveryAttempt =
  | { outcome: 'delivered'; status: number; at: Date }
  | { outcome: 'retry'; status: number | null; error: string; at: Date; retryAt: Date }
  | { outcome: 'dead'; status: number | null; error: string; at: Date }
  | { outcome: 'gone'; status: 410; at: Date };

/** A destination switched off (by a 410 Gone, or by hand). */
export interface DisabledDestination {
  destinationId: string;
  disabledAt: Date;
  /** The HTTP status that switched it off (410), or null when disabled by hand. */
  status: number | null;
}

/**
 * The transactional outbox and its delivery log. Events are written by the store with the change that
 * causes them; a worker fans each new event out to the destinations whose filter matches, leases
 * deliveries (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so several instances share the work without double
 * sends), and records each attempt. Per workspace and destination, a delivery is leased only when every
 * earlier one is delivered, dead or disabled, so order per connection is kept.
 */
export interface EventOutbox {
  /** Appends workspace-less or app-made events (incidents) in one transaction; returns them stored. */
  appendEvents(events: readonly NewEvent[]): Promise<StoredEvent[]>;
  /**
   * Creates the delivery rows of events not yet fanned out, one per destination `matches` accepts,
   * marks them fanned out, in one transaction; returns how many events it took (at most `limit`).
   */
  fanOutEvents(options: {
    limit: number;
    destinations: readonly { id: string; matches(event: StoredEvent): boolean }[];
  }): Promise<number>;
  leaseDeliveries(options: LeaseDeliveriesOptions): Promise<LeasedDelivery[]>;
  /** Records an attempt of a delivery this owner leased and frees the lease; false if the lease was lost. */
  recordDelivery(
    eventId: string,
    destinationId: string,
    owner: string,
    attempt: DeliveryAttempt,
  ): Promise<boolean>;
  /**
   * Records several attempts of deliveries this owner leased in one transaction (one commit for the
   * batch); says per attempt, in input order, whether it was recorded (false: lease lost).
   */
  recordDeliveries(
    owner: string,
    items: readonly { eventId: string; destinationId: string; attempt: DeliveryAttempt }[],
  ): Promise<boolean[]>;
  /** Puts dead (or delivered) deliveries of an event back to pending, now; returns how many. */
  replayEvent(eventId: string, options?: { destinationId?: string }): Promise<number>;
  /** Newest first by default; filters by workspace, type, and delivery state. Keyset by seq. */
  listEvents(options?: {
    workspaceId?: string;
    type?: EventType;
    deliveryState?: DeliveryState;
    beforeSeq?: number;
    limit?: number;
  }): Promise<StoredEvent[]>;
  getEvent(eventId: string): Promise<StoredEvent | undefined>;
  listDeliveries(eventId: string): Promise<EventDelivery[]>;
  /** Counts by delivery state (for metrics and the console). */
  countDeliveries(): Promise<Record<DeliveryState, number>>;
  /** Deletes events (and their deliveries) older than `before` whose deliveries are all done; returns how many. */
  purgeEvents(options: { before: Date }): Promise<number>;
  /**
   * Switches a destination off by hand (a 410 recorded through `recordDelivery` does it too): its
   * pending deliveries become `disabled`, none is leased for it until enabled. Returns how many.
   */
  disableDestination(destinationId: string, options?: { status?: number | null }): Promise<number>;
  /** Switches it back on for new events (disabled deliveries stay so until replayed); false if it was on. */
  enableDestination(destinationId: string): Promise<boolean>;
  /** The destinations switched off, by id (a worker skips them, across restarts). */
  listDisabledDestinations(): Promise<DisabledDestination[]>;
}
