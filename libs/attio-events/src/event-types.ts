/**
 * The events this service emits, and their payload. The payload follows the Standard Webhooks convention
 * `{ type, timestamp, data }` (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#payload-structure)
 * and keeps an `id` too, the same value as the `webhook-id` header, so a receiver that stores bodies can
 * deduplicate without the headers.
 */

/**
 * Every event type, in a stable order (docs and tables list them like this).
 *
 * @example
 * ```ts
 * EVENT_TYPES.includes('health.broken'); // → true
 * ```
 */
export const EVENT_TYPES = [
  'connection.created',
  'connection.replaced',
  'connection.reconnected',
  'connection.deleted',
  'connection.restored',
  'connection.token_revoked',
  'health.broken',
  'health.recovered',
  'attio.unreachable',
  'attio.reachable',
] as const;

/** One event type: `connection.*` from installs and the lifecycle, `health.*` per connection, `attio.*` incidents. */
export type EventType = (typeof EVENT_TYPES)[number];

/** Who a connection belongs to, as stored with it: free-form tags (`team: sales`) and an optional label. */
export interface EventOwner {
  readonly tags: Readonly<Record<string, string>>;
  readonly display_name?: string;
}

/**
 * What an event tells. Every field is optional because incidents (`attio.*`) carry no workspace and
 * lifecycle events carry no health status. Extra fields are allowed, but never one named like a credential
 * (see `parseEventPayload`).
 */
export interface EventData {
  readonly workspace_id?: string;
  readonly workspace_name?: string;
  readonly owner?: EventOwner;
  /** Connection or health status before the change (`healthy`, `revoked`, …). */
  readonly old_status?: string;
  /** Connection or health status after the change. */
  readonly new_status?: string;
  /** Why: a delete reason, a failure kind (`timeout`, `server_error`), a health detail. */
  readonly reason?: string;
  /** Scopes the token lacks (`health.broken` with `new_status: under_scoped`). */
  readonly missing_scopes?: readonly string[];
  /** Incidents: checks of the round that failed for the incident's reason. */
  readonly failed_checks?: number;
  /** Incidents: checks in the round. */
  readonly total_checks?: number;
  /** `attio.reachable`: when the incident started (ISO 8601). */
  readonly incident_started_at?: string;
  readonly [field: string]: unknown;
}

/** One event as delivered (the JSON body of a `standard` destination). */
export interface EventPayload {
  /** `evt_` + a ULID: unique, and sorts by creation time. Sent as `webhook-id`, the same on every retry. */
  readonly id: string;
  readonly type: EventType;
  /** When the change happened (ISO 8601, UTC). */
  readonly timestamp: string;
  readonly data: EventData;
}

const TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

/**
 * Whether `value` is one of {@link EVENT_TYPES}.
 *
 * @example
 * ```ts
 * isEventType('health.broken'); // → true
 * isEventType('health.*');      // → false
 * ```
 */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && TYPE_SET.has(value);
}
