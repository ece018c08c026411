import { disableIn } from './outbox-record.js';
import type { DisabledDestination } from './outbox-types.js';
import type { StoreContext } from './store-context.js';
import { requireDate, requireInteger, requireText } from './validate.js';

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

/**
 * Deletes events created before `before` whose deliveries are all finished (none pending), with
 * their deliveries, in one transaction; events not fanned out yet are kept. Events outlive the
 * connections they describe: purging connections never touches them. Returns how many events went.
 *
 * @example
 * ```ts
 * await purgeEvents(ctx, { before: new Date(Date.now() - 30 * 86_400_000) });
 * ```
 */
export async function purgeEvents(ctx: StoreContext, options: { before: Date }): Promise<number> {
  const beforeMs = requireDate(options?.before, 'before').getTime();
  const done = `created_at_ms < $1 AND fanned_out = 1`;
  return ctx.driver.transaction(async (tx) => {
    await tx.run(
      `DELETE FROM event_deliveries WHERE event_seq IN (
         SELECT seq FROM events WHERE ${done} AND NOT EXISTS (
           SELECT 1 FROM event_deliveries p WHERE p.event_seq = events.seq AND p.state = 'pending'))`,
      [beforeMs],
    );
    return tx.run(
      `DELETE FROM events WHERE ${done}
         AND NOT EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_seq = events.seq)`,
      [beforeMs],
    );
  });
}

/**
 * Switches a destination off by hand (as a 410 does): its pending deliveries become `disabled` and
 * no worker leases for it until {@link enableDestination}. Returns how many deliveries it disabled.
 *
 * @example
 * ```ts
 * await disableDestination(ctx, 'ops');
 * ```
 */
export async function disableDestination(
  ctx: StoreContext,
  destinationId: string,
  options: { status?: number | null } = {},
): Promise<number> {
  requireText(destinationId, 'destinationId');
  const status =
    options.status === undefined || options.status === null
      ? null
      : requireInteger(options.status, 'status', 100, 599);
  return ctx.driver.transaction((tx) => disableIn(tx, destinationId, ctx.now().getTime(), status));
}

/**
 * Switches a destination back on: new events are delivered to it again; deliveries disabled
 * meanwhile stay disabled until replayed. False when it was not disabled.
 *
 * @example
 * ```ts
 * await enableDestination(ctx, 'ops');
 * ```
 */
export async function enableDestination(
  ctx: StoreContext,
  destinationId: string,
): Promise<boolean> {
  requireText(destinationId, 'destinationId');
  const changed = await ctx.driver.run('DELETE FROM event_destinations WHERE destination_id = $1', [
    destinationId,
  ]);
  return changed === 1;
}

/**
 * The destinations switched off, by id.
 *
 * @example
 * ```ts
 * const off = new Set((await listDisabledDestinations(ctx)).map((d) => d.destinationId));
 * ```
 */
export async function listDisabledDestinations(ctx: StoreContext): Promise<DisabledDestination[]> {
  const rows = await ctx.driver.all<{
    destination_id: string;
    disabled_at_ms: number | string;
    disabled_status: number | string | null;
  }>(
    'SELECT destination_id, disabled_at_ms, disabled_status FROM event_destinations ORDER BY destination_id',
  );
  return rows.map((r) => ({
    destinationId: r.destination_id,
    disabledAt: new Date(Number(r.disabled_at_ms)),
    status: r.disabled_status === null ? null : Number(r.disabled_status),
  }));
}
