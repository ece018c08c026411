import {
  deliverOnce,
  matchesDestination,
  nextAttempt,
  type BackoffPolicy,
  type DeliveryAgent,
  type Destination,
  type EventPayload,
  type SlackRenderOptions,
} from '@attio-auth/attio-events';
import type { StoredEvent } from '@attio-auth/connection-store';

import type { DeliverFn, DeliveryOutcome, RetryPolicy, WorkerDestination } from './worker-types.js';

/** A configured destination (attio-events' `Destination`) as the worker sees it. */
export interface EventDestination extends WorkerDestination {
  readonly destination: Destination;
}

/**
 * The body every destination gets: `{ id, type, timestamp, data }`, built from the stored event
 * only, so every retry and replay sends the very same bytes with the same `webhook-id`.
 *
 * @example
 * ```ts
 * eventPayloadOf(stored).timestamp; // '2026-01-01T00:00:00.000Z'
 * ```
 */
export function eventPayloadOf(event: StoredEvent): EventPayload {
  return {
    id: event.id,
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: event.data as EventPayload['data'],
  };
}

/**
 * The worker's view of parsed destinations: each matches by its event filter and owner tags.
 *
 * @example
 * ```ts
 * const destinations = eventDestinations(parseDestinations(json, { source: 'EVENT_DESTINATIONS' }));
 * ```
 */
export function eventDestinations(destinations: readonly Destination[]): EventDestination[] {
  return destinations.map((destination) => ({
    id: destination.id,
    destination,
    matches: (event: StoredEvent) => matchesDestination(destination, eventPayloadOf(event)),
  }));
}

/** Options of {@link deliverWithAttioEvents}. */
export interface AttioEventsDeliveryOptions {
  /** The SSRF-guarded dispatcher (`createDeliveryAgent`): one per process. */
  readonly agent: DeliveryAgent;
  readonly userAgent: string;
  /** Per attempt (connect, headers, body). Default 10 s. */
  readonly timeoutMs?: number;
  /** Default `Date.now`. */
  readonly now?: () => number;
  readonly slack?: SlackRenderOptions;
}

/**
 * `deliver` for the worker: attio-events' `deliverOnce` through the guarded agent (Standard Webhooks
 * signature, or Slack text). A destination the SSRF guard refuses counts as a failed attempt: it is
 * retried (DNS may change, the config may be fixed) and dead-lettered at the max age.
 *
 * @example
 * ```ts
 * const deliver = deliverWithAttioEvents({ agent: createDeliveryAgent({ production: true }), userAgent: 'attio-auth' });
 * ```
 */
export function deliverWithAttioEvents(
  options: AttioEventsDeliveryOptions,
): DeliverFn<EventDestination> {
  const now = options.now ?? Date.now;
  return async ({ destination }, event) => {
    const outcome = await deliverOnce({
      destination,
      event: eventPayloadOf(event),
      agent: options.agent,
      nowMs: now,
      timeoutMs: options.timeoutMs ?? 10_000,
      userAgent: options.userAgent,
      ...(options.slack ? { slack: options.slack } : {}),
    });
    return toWorkerOutcome(outcome);
  };
}

function toWorkerOutcome(outcome: Awaited<ReturnType<typeof deliverOnce>>): DeliveryOutcome {
  switch (outcome.kind) {
    case 'delivered':
      return { kind: 'delivered', status: outcome.status };
    case 'gone':
      return { kind: 'gone' };
    case 'retry':
      return {
        kind: 'retry',
        status: outcome.status,
        retryAfterMs: outcome.retryAfterMs,
        error: outcome.error,
      };
    case 'refused':
      return { kind: 'retry', error: outcome.error };
  }
}

/**
 * The worker's retry policy from attio-events' `nextAttempt`: full-jitter exponential backoff (1 s
 * doubling, capped at 15 min by default), `Retry-After` when larger, dead letter past the max age.
 *
 * @example
 * ```ts
 * const retryPolicy = attioEventsRetryPolicy({ random: () => 0.5 });
 * ```
 */
export function attioEventsRetryPolicy(backoff: BackoffPolicy = {}): RetryPolicy {
  return (input) => {
    const next = nextAttempt({
      ...backoff,
      attempts: input.attempts,
      firstAttemptAtMs: input.firstAttemptAtMs,
      nowMs: input.nowMs,
      maxAgeMs: input.maxAgeMs,
      ...(input.retryAfterMs !== undefined ? { retryAfterMs: input.retryAfterMs } : {}),
    });
    return 'deadLetter' in next ? { deadLetter: true } : { retryAtMs: next.retryAtMs };
  };
}
