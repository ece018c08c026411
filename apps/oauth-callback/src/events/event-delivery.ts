import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { defaultSleep, type Logger } from '@attio-auth/attio-core';
import {
  startEventDelivery,
  type DeliveryOutbox,
  type DeliveryResult,
  type EventDeliveryService,
} from '@attio-auth/event-delivery';

import type { Config } from '../config.js';

/** Everything the service's event delivery needs. */
export interface ServiceEventDeliveryDeps {
  readonly config: Config;
  readonly outbox: DeliveryOutbox;
  readonly logger: Logger;
  /** Wall clock in ms (give the store the same); default `Date.now`. */
  readonly now?: () => number;
  /** Told what became of each delivery attempt (the service's delivery-results counter). */
  readonly onResult?: (result: DeliveryResult, destinationId: string) => void;
}

/**
 * Starts the service's event delivery worker when EVENT_DESTINATIONS (or _FILE) lists at least one
 * destination: it polls the outbox every second, and wakes at once after each change of this
 * process (see `notifyingStore`). Several service instances (and `attio-token-health --schedule`)
 * share the work through leases. Undefined when nothing is configured.
 *
 * @example
 * ```ts
 * const delivery = startServiceEventDelivery({ config, outbox: store, logger });
 * await delivery?.close(config.http.shutdownTimeoutMs);
 * ```
 */
export function startServiceEventDelivery(
  deps: ServiceEventDeliveryDeps,
): EventDeliveryService | undefined {
  const { config, logger } = deps;
  const owner = `oauth-callback-${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const delivery = startEventDelivery({
    config: config.events,
    outbox: deps.outbox,
    owner,
    sleep: defaultSleep,
    userAgent: 'attio-auth-oauth-callback',
    logger,
    ...(deps.onResult ? { onResult: deps.onResult } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  if (delivery !== undefined) {
    logger.info(
      {
        destinations: config.events.destinations.map((d) => ({ id: d.id, kind: d.kind })),
        concurrency: config.events.concurrency,
      },
      'event delivery started',
    );
  }
  return delivery;
}
