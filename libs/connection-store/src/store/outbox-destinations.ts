import { disableIn } from './outbox-record.js';
import type { DisabledDestination } from './outbox-types.js';
import type { StoreContext } from './store-context.js';
import { requireInteger, requireText } from './validate.js';

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
