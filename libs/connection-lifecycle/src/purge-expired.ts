import type { LifecycleDeps } from './lifecycle-deps.js';

/** The default retention of soft-deleted connections, in days (`DELETED_RETENTION_DAYS`). */
export const DEFAULT_RETENTION_DAYS = 30;

const DAY_MS = 86_400_000;

/**
 * Options of {@link purgeExpired}: how many days a soft-deleted connection is kept (default 30), and
 * the time to count from (default `deps.now()` or the wall clock).
 *
 * @example
 * ```ts
 * const options: PurgeExpiredOptions = { retentionDays: 7 };
 * ```
 */
export interface PurgeExpiredOptions {
  retentionDays?: number;
  now?: Date;
}

/**
 * Hard-deletes every connection soft-deleted more than `retentionDays` ago (row, tags and sealed token;
 * pending revocations stay queued) and returns how many. `retentionDays` must be a number ≥ 0
 * (0 purges every soft-deleted connection).
 *
 * @example
 * ```ts
 * const purged = await purgeExpired(deps, { retentionDays: 30 });
 * ```
 */
export async function purgeExpired(
  deps: Pick<LifecycleDeps, 'store' | 'now' | 'logger'>,
  options: PurgeExpiredOptions = {},
): Promise<number> {
  const { retentionDays = DEFAULT_RETENTION_DAYS } = options;
  if (!Number.isFinite(retentionDays) || retentionDays < 0)
    throw new RangeError(
      `retentionDays must be a number of days ≥ 0 (default ${DEFAULT_RETENTION_DAYS}), got ${String(retentionDays)}.`,
    );
  const now = options.now ?? deps.now?.() ?? new Date();
  const deletedBefore = new Date(now.getTime() - retentionDays * DAY_MS);
  const purged = await deps.store.purgeDeleted({ deletedBefore });
  if (purged > 0)
    deps.logger?.info(
      { event: 'connections_purged', count: purged, retentionDays },
      'purged soft-deleted connections past retention',
    );
  return purged;
}
