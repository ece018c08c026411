import { createDeliveryAgent, type SlackRenderOptions } from '@attio-auth/attio-events';

import {
  attioEventsRetryPolicy,
  deliverWithAttioEvents,
  eventDestinations,
} from './attio-events-delivery.js';
import { createDeliveryWorker, type DeliveryWorker } from './delivery-worker.js';
import type { EventDeliveryConfig } from './event-config.js';
import type { Sleep } from './wake-signal.js';
import type { DeliveryLogger, DeliveryOutbox, DeliveryResult } from './worker-types.js';

/** Options of {@link startEventDelivery}. */
export interface StartEventDeliveryOptions {
  readonly config: EventDeliveryConfig;
  readonly outbox: DeliveryOutbox;
  /** Lease owner id, unique per process. */
  readonly owner: string;
  readonly sleep: Sleep;
  /** Sent as `User-Agent` (e.g. `attio-auth-oauth-callback/1.2.0`). */
  readonly userAgent: string;
  readonly logger?: DeliveryLogger;
  /** Default `Date.now`; give the store the same clock. */
  readonly now?: () => number;
  /** Default 1 s. */
  readonly pollMs?: number;
  /** Default 60 s. */
  readonly leaseMs?: number;
  /** Per attempt; default 10 s. */
  readonly timeoutMs?: number;
  readonly slack?: SlackRenderOptions;
  readonly onResult?: (result: DeliveryResult, destinationId: string) => void;
  /** Start the worker's loop now (default); false for a caller that drives `runOnce` itself. */
  readonly autoStart?: boolean;
}

/** A running event delivery: the worker and its guarded agent. */
export interface EventDeliveryService {
  readonly worker: DeliveryWorker;
  /** Stops the worker (draining for up to `waitMs`), then closes the agent's sockets. */
  close(waitMs?: number): Promise<{ abandoned: number }>;
}

/**
 * What an app runs: the configured destinations, one SSRF-guarded agent (every socket connects
 * only to an address the policy allows, so DNS rebinding cannot reach a private address), and the
 * worker, started. Undefined when no destination is configured (nothing to deliver; the events stay
 * in the outbox for `events list`).
 *
 * @example
 * ```ts
 * const delivery = startEventDelivery({ config: config.events, outbox: store, owner, sleep: defaultSleep, userAgent });
 * // on SIGTERM:
 * await delivery?.close(10_000);
 * ```
 */
export function startEventDelivery(
  options: StartEventDeliveryOptions,
): EventDeliveryService | undefined {
  const { config } = options;
  if (config.destinations.length === 0) return undefined;
  const agent = createDeliveryAgent({ ...config.ssrf, connections: config.concurrency });
  const now = options.now ?? Date.now;
  const worker = createDeliveryWorker({
    outbox: options.outbox,
    destinations: eventDestinations(config.destinations),
    owner: options.owner,
    deliver: deliverWithAttioEvents({
      agent,
      userAgent: options.userAgent,
      now,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.slack ? { slack: options.slack } : {}),
    }),
    retryPolicy: attioEventsRetryPolicy(),
    now,
    sleep: options.sleep,
    concurrency: config.concurrency,
    maxAgeMs: config.maxAgeMs,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
    ...(options.onResult ? { onResult: options.onResult } : {}),
  });
  if (options.autoStart !== false) worker.start();
  return {
    worker,
    async close(waitMs) {
      const result = await worker.stop(waitMs);
      await agent.close().catch(() => undefined);
      return result;
    },
  };
}
