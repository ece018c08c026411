import { describe, expect, it } from '@jest/globals';
import { AttioEventsError } from './events-error.js';
import { parseEventPayload } from './parse-event-payload.js';

const valid = {
  id: 'evt_01JDXR3Q4M8ZP6T2K9V5N7W3YB',
  type: 'health.broken',
  timestamp: '2026-01-05T10:00:00.000Z',
  data: {
    workspace_id: 'wsp_1',
    workspace_name: 'Acme',
    owner: { tags: { team: 'sales' }, display_name: 'Sales' },
    old_status: 'healthy',
    new_status: 'under_scoped',
    missing_scopes: ['record_permission:read'],
  },
};

function messageOf(value: unknown): string {
  try {
    parseEventPayload(value);
  } catch (err) {
    if (err instanceof AttioEventsError && err.code === 'EVENTS_INVALID_EVENT') return err.message;
    throw err;
  }
  return 'accepted';
}

describe('parseEventPayload', () => {
  it('when the payload is valid, then it is returned unchanged', () => {
    expect(parseEventPayload(valid)).toBe(valid);
  });

  it('when the id is a UUID after evt_, then it is accepted', () => {
    expect(messageOf({ ...valid, id: 'evt_0b6f7a3e-2c1d-4e5f-8a9b-0c1d2e3f4a5b' })).toBe(
      'accepted',
    );
  });

  it.each([
    [{ ...valid, id: '123' }, 'Invalid event: id must be "evt_" followed by a ULID or a UUID.'],
    [
      { ...valid, type: 'health.*' },
      expect.stringMatching(/^Invalid event: type must be one of connection\.created, /),
    ],
    [
      { ...valid, timestamp: '2026-01-05 10:00' },
      'Invalid event: timestamp must be an ISO 8601 UTC time such as 2026-01-05T10:00:00.000Z.',
    ],
    [{ ...valid, data: [] }, 'Invalid event: data must be a JSON object.'],
    [
      { ...valid, extra: 1 },
      'Invalid event: unknown top-level field "extra"; put extra fields inside data.',
    ],
    [
      { ...valid, data: { owner: { display_name: 'x' } } },
      'Invalid event: data.owner must be { tags: { … } }.',
    ],
    [
      { ...valid, data: { missing_scopes: 'a,b' } },
      'Invalid event: data.missing_scopes must be an array of strings.',
    ],
    [{ ...valid, data: { workspace_id: 7 } }, 'Invalid event: data.workspace_id must be a string.'],
    ['{}', 'Invalid event: expected a JSON object { id, type, timestamp, data }.'],
  ])(
    'when the payload is %j, then it is refused with a message naming the field',
    (value, message) => {
      expect(messageOf(value)).toEqual(message);
    },
  );

  it.each([
    'access_token',
    'refreshToken',
    'signing_secret',
    'password',
    'apiKey',
    'Authorization',
  ])(
    'when data holds a field named %s, then it is refused and the value is not in the message',
    (field) => {
      const message = messageOf({
        ...valid,
        data: { ...valid.data, [field]: 'sk_live_value_123456' },
      });
      expect(message).toBe(
        `Invalid event: data.${field} is named like a credential; events must never carry tokens or secrets. Remove the field.`,
      );
      expect(message).not.toContain('sk_live_value_123456');
    },
  );

  it('when a credential-like field is nested in an array, then its path is named', () => {
    expect(messageOf({ ...valid, data: { items: [{ ok: 1 }, { token: 'x' }] } })).toBe(
      'Invalid event: data.items[1].token is named like a credential; events must never carry tokens or secrets. Remove the field.',
    );
  });
});
