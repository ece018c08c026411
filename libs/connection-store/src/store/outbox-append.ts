import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import type { SqlSession } from '../drivers/sql-driver.js';
import type { SqlParams } from '../drivers/sql-params.js';
import { newEventId } from './event-id.js';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from './event-row.js';
import { EVENT_TYPES, type EventType, type NewEvent, type StoredEvent } from './outbox-types.js';
import type { StoreContext } from './store-context.js';
import { requireArray, requireText } from './validate.js';

/** At most this many events per appendEvents call (one multi-row INSERT). */
const APPEND_MAX = 1_000;

/**
 * Inserts events inside the caller's transaction, all at `nowMs`, and returns them stored, in input
 * order. The caller validated them; this is the one place an `events` row is written.
 *
 * @example
 * ```ts
 * await driver.transaction((tx) => insertEvents(tx, [{ type: 'connection.deleted', workspaceId, data }], nowMs));
 * ```
 */
export async function insertEvents(
  tx: SqlSession,
  events: readonly NewEvent[],
  nowMs: number,
): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const params: unknown[] = [];
  const values = events.map((e) => {
    params.push(newEventId(nowMs), e.type, e.workspaceId, JSON.stringify(e.data), nowMs);
    const n = params.length;
    return `($${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
  });
  const rows = await tx.all<EventRow>(
    `INSERT INTO events (id, type, workspace_id, data, created_at_ms) VALUES ${values.join(', ')}
     RETURNING ${EVENT_COLUMNS}`,
    params,
  );
  // RETURNING has no defined order: seq follows the VALUES order on both drivers.
  return rows.map(toStoredEvent).sort((a, b) => a.seq - b.seq);
}

/**
 * The other way to write one event (PostgreSQL only): an `INSERT … SELECT` for a `WITH` part of the
 * caller's statement, writing `event` for the one row `source` yields, and nothing when it yields
 * none. The change and its event then cost one round trip, still in one (implicit) transaction.
 *
 * @example
 * ```ts
 * const sql = `WITH upd AS (UPDATE connections … RETURNING workspace_id), ev AS (${insertEventFrom(params, 'upd', event, nowMs)}) SELECT * FROM upd`;
 * ```
 */
export function insertEventFrom(
  params: SqlParams,
  source: string,
  event: NewEvent,
  nowMs: number,
): string {
  return `INSERT INTO events (id, type, workspace_id, data, created_at_ms)
     SELECT ${params.add(newEventId(nowMs), 'text')}, ${params.add(event.type, 'text')},
       ${params.add(event.workspaceId, 'text')}, ${params.add(JSON.stringify(event.data), 'text')},
       ${params.add(nowMs, 'bigint')} FROM ${source}`;
}

/**
 * Appends app-made events (the health checker's incidents) in one transaction.
 *
 * @example
 * ```ts
 * await appendEvents(ctx, [{ type: 'attio.unreachable', workspaceId: null, data: { reason: 'http_503' } }]);
 * ```
 */
export async function appendEvents(
  ctx: StoreContext,
  events: readonly NewEvent[],
): Promise<StoredEvent[]> {
  requireArray(events, 'events');
  if (events.length > APPEND_MAX) throw invalid(`events holds at most ${APPEND_MAX} entries.`);
  const checked = events.map((e, i) => validNewEvent(e, i));
  if (checked.length === 0) return [];
  return ctx.driver.transaction((tx) => insertEvents(tx, checked, ctx.now().getTime()));
}

function validNewEvent(event: NewEvent | undefined, index: number): NewEvent {
  if (event === null || typeof event !== 'object')
    throw invalid(`events[${index}] must be an object.`);
  if (!EVENT_TYPES.includes(event.type as EventType)) {
    throw invalid(`events[${index}].type must be one of ${EVENT_TYPES.join(', ')}.`);
  }
  const workspaceId =
    event.workspaceId === null
      ? null
      : requireText(event.workspaceId, `events[${index}].workspaceId`);
  const data = event.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw invalid(`events[${index}].data must be a JSON object.`);
  }
  return { type: event.type, workspaceId, data };
}

function invalid(message: string): ConnectionStoreError {
  return new ConnectionStoreError(ConnectionStoreErrorCode.INPUT_INVALID, message);
}
