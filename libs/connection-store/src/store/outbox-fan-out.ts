import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import type { SqlSession } from '../drivers/sql-driver.js';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from './event-row.js';
import type { StoredEvent } from './outbox-types.js';
import type { StoreContext } from './store-context.js';
import { requireArray, requireInteger, requireText } from './validate.js';

/** Delivery rows per INSERT statement (5 parameters each: well under both drivers' limits). */
const INSERT_CHUNK = 500;

/** A destination as the fan-out sees it: an id and its event filter. */
export interface FanOutDestination {
  id: string;
  matches(event: StoredEvent): boolean;
}

/**
 * Takes up to `limit` events not yet fanned out, oldest first, creates one delivery row per
 * destination whose filter accepts the event (due now; `disabled` at once for a destination a 410
 * switched off), and marks the events fanned out, all in one transaction: a crash leaves an event
 * either untouched (fanned out again) or fully fanned out. Returns how many events it took.
 *
 * PostgreSQL: `FOR UPDATE`, not `SKIP LOCKED`: a second worker fanning out at once waits for the first
 * (it meets the first's locked rows at the head of the seq order), then finds them fanned out. With
 * SKIP LOCKED it would commit the deliveries of later events first, and a lease in between could send
 * a workspace's later event before its earlier one had a delivery row. Fan-out is cheap; the sends,
 * which take the time, are what run in parallel.
 *
 * @example
 * ```ts
 * const taken = await fanOutEvents(ctx, { limit: 200, destinations: [{ id: 'ops', matches: () => true }] });
 * ```
 */
export async function fanOutEvents(
  ctx: StoreContext,
  options: { limit: number; destinations: readonly FanOutDestination[] },
): Promise<number> {
  const limit = requireInteger(options?.limit, 'limit', 1, 10_000);
  const destinations = validDestinations(options.destinations);
  const nowMs = ctx.now().getTime();
  return ctx.driver.transaction(async (tx) => {
    const rows = await tx.all<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE fanned_out = 0 ORDER BY seq LIMIT $1${ctx.driver.dialect.lockSuffix}`,
      [limit],
    );
    if (rows.length === 0) return 0;
    const disabled = new Set(
      (
        await tx.all<{ destination_id: string }>('SELECT destination_id FROM event_destinations')
      ).map((r) => r.destination_id),
    );
    const deliveries: unknown[][] = [];
    for (const event of rows.map(toStoredEvent)) {
      for (const destination of destinations) {
        if (!destination.matches(event)) continue;
        deliveries.push([
          event.seq,
          destination.id,
          event.workspaceId ?? '',
          disabled.has(destination.id) ? 'disabled' : 'pending',
          nowMs,
        ]);
      }
    }
    for (let i = 0; i < deliveries.length; i += INSERT_CHUNK) {
      await insertDeliveries(tx, deliveries.slice(i, i + INSERT_CHUNK));
    }
    const seqs = rows.map((r) => Number(r.seq));
    await tx.run(
      `UPDATE events SET fanned_out = 1 WHERE seq IN (${seqs.map((_, i) => `$${i + 1}`).join(', ')})`,
      seqs,
    );
    return rows.length;
  });
}

async function insertDeliveries(tx: SqlSession, rows: readonly unknown[][]): Promise<void> {
  const values = rows.map((_, i) => {
    const b = i * 5;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
  });
  // ON CONFLICT: a delivery that exists already (a replay of the fan-out) is left as it is.
  await tx.run(
    `INSERT INTO event_deliveries (event_seq, destination_id, workspace_id, state, next_attempt_at_ms)
     VALUES ${values.join(', ')} ON CONFLICT (event_seq, destination_id) DO NOTHING`,
    rows.flat(),
  );
}

function validDestinations(value: unknown): FanOutDestination[] {
  const list = requireArray(value, 'destinations') as FanOutDestination[];
  const seen = new Set<string>();
  return list.map((d, i) => {
    const id = requireText(d?.id, `destinations[${i}].id`);
    if (typeof d.matches !== 'function') {
      throw invalid(`destinations[${i}].matches must be a function (event) => boolean.`);
    }
    if (seen.has(id)) throw invalid(`destinations list "${id}" twice; ids must be unique.`);
    seen.add(id);
    return d;
  });
}

function invalid(message: string): ConnectionStoreError {
  return new ConnectionStoreError(ConnectionStoreErrorCode.INPUT_INVALID, message);
}
