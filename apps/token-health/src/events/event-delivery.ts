import type { Logger } from '@attio-auth/attio-core';
import { startEventDelivery, type DeliveryOutbox } from '@attio-auth/event-delivery';

import type { HealthConfig } from '../config.js';
import type { HealthIo } from '../io.js';
import type { HealthMetrics } from '../metrics/metrics.js';

/** What the checker's event delivery needs. */
export interface CheckerEventDeliveryDeps {
  readonly config: HealthConfig;
  readonly io: Pick<HealthIo, 'now' | 'sleep'>;
  readonly logger: Logger;
  /** Undefined with --skip-store: no outbox, nothing to deliver. */
  readonly outbox: DeliveryOutbox | undefined;
  readonly owner: string;
  /** Counts each recorded attempt (`attio_token_health_event_deliveries_total`). */
  readonly metrics?: Pick<HealthMetrics, 'observeEventDelivery'>;
}

/**
 * Runs `work` (the scheduler, or one round) with the event delivery worker beside it:
 * - `schedule`: the worker runs for as long as the scheduler does (polling the outbox every second,
 *   sharing the work with the callback service through leases), and drains for at most
 *   HEALTH_SHUTDOWN_TIMEOUT_MS when it stops;
 * - `once`: after the round, the events it wrote (health.*, attio.*) are delivered for at most
 *   HEALTH_ALERT_WAIT_MS; what is still failing then stays in the outbox for the next run or the
 *   callback service's worker.
 * Without a destination (or a store) it just runs `work`.
 *
 * @example
 * ```ts
 * return withEventDelivery({ config, io, logger, outbox: store, owner }, 'once', () => runOnce(ctx));
 * ```
 */
export async function withEventDelivery<T>(
  deps: CheckerEventDeliveryDeps,
  mode: 'once' | 'schedule',
  work: () => Promise<T>,
): Promise<T> {
  const { config, io, logger, outbox } = deps;
  if (outbox === undefined || config.events.destinations.length === 0) return work();
  const delivery = startEventDelivery({
    config: config.events,
    outbox,
    owner: `${deps.owner}-events`,
    sleep: io.sleep,
    now: io.now,
    userAgent: 'attio-auth-token-health',
    logger,
    autoStart: mode === 'schedule',
    ...(deps.metrics
      ? {
          onResult: (result, destinationId) =>
            deps.metrics?.observeEventDelivery(result, destinationId),
        }
      : {}),
  });
  if (delivery === undefined) return work();
  if (mode === 'schedule') {
    try {
      return await work();
    } finally {
      await delivery.close(config.health.shutdownTimeoutMs);
    }
  }
  const result = await work();
  const deadline = io.now() + config.alerts.waitMs;
  try {
    for (;;) {
      const pass = await delivery.worker.runOnce();
      if ((pass.leased === 0 && pass.fannedOut === 0) || io.now() >= deadline) break;
    }
  } catch (error) {
    logger.warn(
      { err: { name: (error as Error).name, message: (error as Error).message } },
      'event delivery after the round failed; the events stay in the outbox',
    );
  } finally {
    await delivery.close(0);
  }
  return result;
}
