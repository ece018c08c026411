import type { StoreContext } from './store-context.js';
import { requireDate } from './validate.js';

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
