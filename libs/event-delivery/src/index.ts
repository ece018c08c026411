/**
 * The public API of @attio-auth/event-delivery: the worker that delivers the connection store's
 * outbox events (lifecycle and health) to the configured destinations, signed, in order per
 * connection, with retries, dead letters and 410 switch-off.
 */
export { attemptFor, MAX_ERROR_LENGTH } from './attempt-for-outcome.js';
export { groupDeliveries } from './delivery-groups.js';
export {
  createDeliveryWorker,
  DELIVERY_DEFAULTS,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
} from './delivery-worker.js';
export { createWakeSignal, type Sleep } from './wake-signal.js';
export type {
  DeliverFn,
  DeliveryLogger,
  DeliveryOutbox,
  DeliveryOutcome,
  DeliveryResult,
  RetryPolicy,
  RunOnceResult,
  WorkerDestination,
} from './worker-types.js';
export {
  attioEventsRetryPolicy,
  deliverWithAttioEvents,
  eventDestinations,
  eventPayloadOf,
  type AttioEventsDeliveryOptions,
  type EventDestination,
} from './attio-events-delivery.js';
export {
  eventConfigShape,
  eventDeliveryConfigOf,
  destinationUrlProblem,
  eventDestinationsRule,
  ssrfPolicyOf,
  type EventDeliveryConfig,
} from './event-config.js';
export {
  startEventDelivery,
  type EventDeliveryService,
  type StartEventDeliveryOptions,
} from './event-delivery-service.js';
