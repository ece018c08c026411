/**
 * The public API of @attio-auth/attio-events, listed name by name: everything here is a promise to users.
 * Withheld on purpose: the error-text scrubber and the IPv6 parsing behind `classifyAddress`.
 */
export { AttioEventsError, EventsErrorCode } from './events-error.js';
export {
  EVENT_TYPES,
  isEventType,
  type EventData,
  type EventOwner,
  type EventPayload,
  type EventType,
} from './event-types.js';
export {
  EVENT_ID_PREFIX,
  createEvent,
  createEventId,
  type CreateEventInput,
  type EventIdOptions,
} from './create-event.js';
export { parseEventPayload } from './parse-event-payload.js';
export {
  WEBHOOK_SECRET_MAX_BYTES,
  WEBHOOK_SECRET_MIN_BYTES,
  WEBHOOK_SECRET_PREFIX,
  decodeWebhookSecret,
  generateWebhookSecret,
  type GenerateWebhookSecretOptions,
} from './webhook-secret.js';
export {
  signWebhook,
  signatureV1,
  type SignWebhookInput,
  type WebhookHeaders,
} from './standard-webhooks-sign.js';
export {
  describeUrl,
  matchesDestination,
  matchesEventPattern,
  parseDestinations,
  type Destination,
  type DestinationKind,
  type ParseDestinationsOptions,
} from './destinations.js';
export { classifyAddress, type AddressKind } from './ip-ranges.js';
export {
  checkAddress,
  checkDestinationUrl,
  checkUrlShape,
  isLocalhostName,
  type AddressCheckResult,
  type HostLookup,
  type RefusalReason,
  type SsrfPolicy,
  type UrlCheckResult,
} from './ssrf-guard.js';
export {
  DestinationRefusedError,
  createDeliveryAgent,
  guardedLookup,
  type DeliveryAgent,
  type DeliveryAgentOptions,
  type SocketLookup,
} from './guarded-lookup.js';
export {
  deliverOnce,
  type DeliverOnceOptions,
  type DeliveryOutcome,
  type DeliveryVia,
} from './deliver-once.js';
export {
  DEFAULT_BACKOFF,
  backoffDelayMs,
  nextAttempt,
  type BackoffPolicy,
  type NextAttempt,
  type NextAttemptInput,
} from './backoff.js';
export { renderSlackText, type SlackRenderOptions } from './slack-render.js';
