/**
 * Validation of an event payload read back from the outbox or received by a consumer. Besides the shape,
 * it refuses any field whose name looks like a credential, at any depth: events leave the service, so a
 * `token` that slipped into `data` would be sent to every destination. The check is on names, so it never
 * has to print (or even look at) the value.
 */
import { AttioEventsError, EventsErrorCode } from './events-error.js';
import { EVENT_TYPES, isEventType, type EventPayload } from './event-types.js';

/** Field names that must never appear in an event (matched anywhere in the name, case-insensitive). */
const SECRET_FIELD =
  /token|secret|password|passwd|api[_-]?key|authorization|cookie|credential|private[_-]?key/i;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
/** `evt_` + ULID, or `evt_` + a UUID (ids minted elsewhere). */
const EVENT_ID =
  /^evt_([0-9A-HJKMNP-TV-Z]{26}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

const fail = (message: string): never => {
  throw new AttioEventsError(EventsErrorCode.INVALID_EVENT, `Invalid event: ${message}`);
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function assertNoSecretFields(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertNoSecretFields(item, `${path}[${i}]`));
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (SECRET_FIELD.test(key)) {
      fail(
        `${path}.${key} is named like a credential; events must never carry tokens or secrets. Remove the field.`,
      );
    }
    assertNoSecretFields(child, `${path}.${key}`);
  }
}

const optionalString = (data: Record<string, unknown>, field: string): void => {
  if (data[field] !== undefined && typeof data[field] !== 'string')
    fail(`data.${field} must be a string.`);
};

function checkData(data: Record<string, unknown>): void {
  for (const field of ['workspace_id', 'workspace_name', 'old_status', 'new_status', 'reason']) {
    optionalString(data, field);
  }
  if (data['owner'] !== undefined) {
    const owner = data['owner'];
    if (!isRecord(owner) || !isRecord(owner['tags'])) fail('data.owner must be { tags: { … } }.');
    const { tags, display_name } = owner as Record<string, unknown>;
    for (const [k, v] of Object.entries(tags as Record<string, unknown>)) {
      if (typeof v !== 'string') fail(`data.owner.tags.${k} must be a string.`);
    }
    if (display_name !== undefined && typeof display_name !== 'string') {
      fail('data.owner.display_name must be a string.');
    }
  }
  const scopes = data['missing_scopes'];
  if (
    scopes !== undefined &&
    (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string'))
  ) {
    fail('data.missing_scopes must be an array of strings.');
  }
}

/**
 * Checks that `value` is an {@link EventPayload} and holds no credential-like field, and returns it typed.
 * Throws an {@link AttioEventsError} (`EVENTS_INVALID_EVENT`) naming the first offending field.
 *
 * @example
 * ```ts
 * const event = parseEventPayload(JSON.parse(row.payload));
 * parseEventPayload({ id: 'evt_…', type: 'health.broken', timestamp: '…', data: { access_token: 'x' } });
 * // throws: Invalid event: data.access_token is named like a credential; …
 * ```
 */
export function parseEventPayload(value: unknown): EventPayload {
  if (!isRecord(value)) return fail('expected a JSON object { id, type, timestamp, data }.');
  const { id, type, timestamp, data } = value;
  if (typeof id !== 'string' || !EVENT_ID.test(id)) {
    fail('id must be "evt_" followed by a ULID or a UUID.');
  }
  if (!isEventType(type)) fail(`type must be one of ${EVENT_TYPES.join(', ')}.`);
  if (
    typeof timestamp !== 'string' ||
    !ISO_UTC.test(timestamp) ||
    Number.isNaN(Date.parse(timestamp))
  ) {
    fail('timestamp must be an ISO 8601 UTC time such as 2026-01-05T10:00:00.000Z.');
  }
  if (!isRecord(data)) fail('data must be a JSON object.');
  for (const key of Object.keys(value)) {
    if (!['id', 'type', 'timestamp', 'data'].includes(key)) {
      fail(`unknown top-level field "${key.slice(0, 40)}"; put extra fields inside data.`);
    }
  }
  assertNoSecretFields(data, 'data');
  checkData(data as Record<string, unknown>);
  return value as unknown as EventPayload;
}
