import type { StoreContext } from './store-context.js';
import { requireText } from './validate.js';

/**
 * Puts the dead, delivered or disabled deliveries of an event (of one destination, or all) back to
 * pending, due now, as new: attempts 0 and no first attempt, so the retry age counts from the
 * replay. The event keeps its id, so receivers see the same `webhook-id`. Returns how many.
 *
 * @example
 * ```ts
 * await replayEvent(ctx, 'evt_01KF…', { destinationId: 'ops' });
 * ```
 */
export async function replayEvent(
  ctx: StoreContext,
  eventId: string,
  options: { destinationId?: string } = {},
): Promise<number> {
  requireText(eventId, 'eventId');
  const params: unknown[] = [eventId, ctx.now().getTime()];
  let only = '';
  if (options.destinationId !== undefined) {
    params.push(requireText(options.destinationId, 'destinationId'));
    only = ' AND destination_id = $3';
  }
  return ctx.driver.run(
    `UPDATE event_deliveries SET state = 'pending', next_attempt_at_ms = $2, attempts = 0,
       first_attempt_at_ms = NULL, delivered_at_ms = NULL, lease_owner = NULL, lease_expires_at_ms = NULL
     WHERE event_seq = (SELECT seq FROM events WHERE id = $1) AND state <> 'pending'${only}`,
    params,
  );
}
