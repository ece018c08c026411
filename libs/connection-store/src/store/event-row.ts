import type {
  DeliveryState,
  EventData,
  EventDelivery,
  EventType,
  StoredEvent,
} from './outbox-types.js';

/** Columns every event query selects. */
export const EVENT_COLUMNS = 'seq, id, type, workspace_id, data, created_at_ms';

/** An `events` row as either driver returns it (PostgreSQL gives BIGINT as a string). */
export interface EventRow {
  seq: number | string;
  id: string;
  type: string;
  workspace_id: string | null;
  data: string;
  created_at_ms: number | string;
}

/** Columns every delivery query selects (with the event's id, from a join or a sub-select). */
export const DELIVERY_COLUMNS =
  'event_seq, destination_id, workspace_id, state, attempts, first_attempt_at_ms, last_attempt_at_ms, ' +
  'next_attempt_at_ms, last_status, last_error, delivered_at_ms';

/** An `event_deliveries` row (plus the event id). */
export interface DeliveryRow {
  event_id?: string;
  event_seq: number | string;
  destination_id: string;
  workspace_id: string;
  state: string;
  attempts: number | string;
  first_attempt_at_ms: number | string | null;
  last_attempt_at_ms: number | string | null;
  next_attempt_at_ms: number | string | null;
  last_status: number | string | null;
  last_error: string | null;
  delivered_at_ms: number | string | null;
}

function dateOrNull(value: number | string | null): Date | null {
  return value === null ? null : new Date(Number(value));
}

/**
 * Maps an events row to {@link StoredEvent}.
 *
 * @example
 * ```ts
 * const events = (await db.all<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events`)).map(toStoredEvent);
 * ```
 */
export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    seq: Number(row.seq),
    type: row.type as EventType,
    workspaceId: row.workspace_id,
    createdAt: new Date(Number(row.created_at_ms)),
    data: JSON.parse(row.data) as EventData,
  };
}

/**
 * Maps a delivery row to {@link EventDelivery}; `eventId` comes with the row or is given.
 *
 * @example
 * ```ts
 * const delivery = toDelivery(row, event.id);
 * ```
 */
export function toDelivery(row: DeliveryRow, eventId?: string): EventDelivery {
  return {
    eventId: eventId ?? row.event_id ?? '',
    eventSeq: Number(row.event_seq),
    destinationId: row.destination_id,
    // '' marks a workspace-less event (the order check needs a non-NULL key).
    workspaceId: row.workspace_id === '' ? null : row.workspace_id,
    state: row.state as DeliveryState,
    attempts: Number(row.attempts),
    firstAttemptAt: dateOrNull(row.first_attempt_at_ms),
    lastAttemptAt: dateOrNull(row.last_attempt_at_ms),
    nextAttemptAt: dateOrNull(row.next_attempt_at_ms),
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    lastError: row.last_error,
    deliveredAt: dateOrNull(row.delivered_at_ms),
  };
}
