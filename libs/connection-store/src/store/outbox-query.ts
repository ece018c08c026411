import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import {
  DELIVERY_COLUMNS,
  EVENT_COLUMNS,
  toDelivery,
  toStoredEvent,
  type DeliveryRow,
  type EventRow,
} from './event-row.js';
import {
  DELIVERY_STATES,
  EVENT_TYPES,
  type DeliveryState,
  type EventDelivery,
  type EventType,
  type StoredEvent,
} from './outbox-types.js';
import type { StoreContext } from './store-context.js';
import { requireInteger, requireText } from './validate.js';

/** Options of {@link listEvents}. */
export interface ListEventsOptions {
  workspaceId?: string;
  type?: EventType;
  deliveryState?: DeliveryState;
  beforeSeq?: number;
  limit?: number;
}

/**
 * Events newest first (keyset by `seq`: pass the last page's lowest seq as `beforeSeq`), filtered by
 * workspace, type, and "has a delivery in this state" (`dead`: what needs a replay).
 *
 * @example
 * ```ts
 * const dead = await listEvents(ctx, { deliveryState: 'dead', limit: 50 });
 * ```
 */
export async function listEvents(
  ctx: StoreContext,
  options: ListEventsOptions = {},
): Promise<StoredEvent[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (options.workspaceId !== undefined) {
    params.push(requireText(options.workspaceId, 'workspaceId'));
    where.push(`workspace_id = $${params.length}`);
  }
  if (options.type !== undefined) {
    params.push(oneOf(options.type, EVENT_TYPES, 'type'));
    where.push(`type = $${params.length}`);
  }
  if (options.deliveryState !== undefined) {
    params.push(oneOf(options.deliveryState, DELIVERY_STATES, 'deliveryState'));
    where.push(
      `EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_seq = events.seq AND d.state = $${params.length})`,
    );
  }
  if (options.beforeSeq !== undefined) {
    params.push(requireInteger(options.beforeSeq, 'beforeSeq', 1));
    where.push(`seq < $${params.length}`);
  }
  params.push(requireInteger(options.limit ?? 100, 'limit', 1, 10_000));
  const rows = await ctx.driver.all<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`}
     ORDER BY seq DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(toStoredEvent);
}

/**
 * One event by id.
 *
 * @example
 * ```ts
 * const event = await getEvent(ctx, 'evt_01KF…');
 * ```
 */
export async function getEvent(
  ctx: StoreContext,
  eventId: string,
): Promise<StoredEvent | undefined> {
  requireText(eventId, 'eventId');
  const rows = await ctx.driver.all<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1`, [
    eventId,
  ]);
  return rows.length === 0 ? undefined : toStoredEvent(rows[0] as EventRow);
}

/**
 * The delivery log of one event, by destination id; empty for an unknown event or one not fanned out.
 *
 * @example
 * ```ts
 * for (const d of await listDeliveries(ctx, event.id)) console.log(d.destinationId, d.state, d.attempts);
 * ```
 */
export async function listDeliveries(ctx: StoreContext, eventId: string): Promise<EventDelivery[]> {
  requireText(eventId, 'eventId');
  const rows = await ctx.driver.all<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM event_deliveries
     WHERE event_seq = (SELECT seq FROM events WHERE id = $1) ORDER BY destination_id`,
    [eventId],
  );
  return rows.map((r) => toDelivery(r, eventId));
}

/**
 * How many deliveries are in each state (every state present, 0 when none).
 *
 * @example
 * ```ts
 * const { pending, dead } = await countDeliveries(ctx);
 * ```
 */
export async function countDeliveries(ctx: StoreContext): Promise<Record<DeliveryState, number>> {
  const rows = await ctx.driver.all<{ state: string; n: number | string }>(
    'SELECT state, COUNT(*) AS n FROM event_deliveries GROUP BY state',
  );
  const counts = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<
    DeliveryState,
    number
  >;
  for (const row of rows) {
    if (DELIVERY_STATES.includes(row.state as DeliveryState)) {
      counts[row.state as DeliveryState] = Number(row.n);
    }
  }
  return counts;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (!allowed.includes(value as T)) {
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.INPUT_INVALID,
      `${name} must be one of ${allowed.join(', ')}.`,
    );
  }
  return value as T;
}
