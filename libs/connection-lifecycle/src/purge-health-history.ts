import type { HealthHistory } from '@attio-auth/connection-store';
import type { LifecycleLogger } from './lifecycle-deps.js';

/** The default retention of health history, in days (`HEALTH_HISTORY_RETENTION_DAYS`). */
export const DEFAULT_HEALTH_HISTORY_RETENTION_DAYS = 90;

const DAY_MS = 86_400_000;

/**
 * Deletes the health status changes recorded more than `retentionDays` ago (default 90; 0 keeps
 * nothing older than now) and returns how many went. Runs in the same pass as {@link purgeExpired}.
 *
 * @example
 * ```ts
 * const purged = await purgeHealthHistoryExpired({ store }, { retentionDays: 90 });
 * ```
 */
export async function purgeHealthHistoryExpired(
  deps: {
    store: Pick<HealthHistory, 'purgeHealthHistory'>;
    now?: () => Date;
    logger?: LifecycleLogger;
  },
  options: { retentionDays?: number; now?: Date } = {},
): Promise<number> {
  const { retentionDays = DEFAULT_HEALTH_HISTORY_RETENTION_DAYS } = options;
  if (!Number.isFinite(retentionDays) || retentionDays < 0)
    throw new RangeError(
      `retentionDays must be a number of days ≥ 0 (default ${DEFAULT_HEALTH_HISTORY_RETENTION_DAYS}), got ${String(retentionDays)}.`,
    );
  const now = options.now ?? deps.now?.() ?? new Date();
  const purged = await deps.store.purgeHealthHistory({
    before: new Date(now.getTime() - retentionDays * DAY_MS),
  });
  if (purged > 0)
    deps.logger?.info(
      { event: 'health_history_purged', count: purged, retentionDays },
      'purged health history past retention',
    );
  return purged;
}
