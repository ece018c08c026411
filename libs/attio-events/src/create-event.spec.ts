import { describe, expect, it } from '@jest/globals';
import { createEvent, createEventId } from './create-event.js';
import { parseEventPayload } from './parse-event-payload.js';

describe('createEventId', () => {
  it('when time and randomness are zero, then the id is evt_ and 26 zeros', () => {
    expect(createEventId({ nowMs: 0, randomBytes: (n) => new Uint8Array(n) })).toBe(
      'evt_00000000000000000000000000',
    );
  });

  it('when time is the ULID spec example 1469918176385, then the time part is 01ARYZ6S41', () => {
    expect(createEventId({ nowMs: 1469918176385, randomBytes: (n) => new Uint8Array(n) })).toBe(
      'evt_01ARYZ6S410000000000000000',
    );
  });

  it('when every random bit is set, then the random part is 16 Z characters', () => {
    expect(createEventId({ nowMs: 0, randomBytes: (n) => new Uint8Array(n).fill(255) })).toBe(
      'evt_0000000000ZZZZZZZZZZZZZZZZ',
    );
  });

  it('when ids are made at increasing times, then they sort in time order', () => {
    const ids = [3, 1, 2].map((t) => createEventId({ nowMs: t * 1000 }));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });

  it('when 1,000 ids are made in the same millisecond, then all differ', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => createEventId({ nowMs: 5 })));
    expect(ids.size).toBe(1000);
  });

  it('when the time is negative, then it throws a RangeError', () => {
    expect(() => createEventId({ nowMs: -1 })).toThrow(RangeError);
  });
});

describe('createEvent', () => {
  it('when built, then it has the id, type, ISO timestamp and data, and passes parseEventPayload', () => {
    const event = createEvent({
      type: 'health.broken',
      nowMs: Date.parse('2026-01-05T10:00:00Z'),
      data: { workspace_id: 'wsp_1', old_status: 'healthy', new_status: 'revoked' },
    });
    expect(event.id).toMatch(/^evt_01[0-9A-HJKMNP-TV-Z]{24}$/);
    expect(event).toEqual({
      id: event.id,
      type: 'health.broken',
      timestamp: '2026-01-05T10:00:00.000Z',
      data: { workspace_id: 'wsp_1', old_status: 'healthy', new_status: 'revoked' },
    });
    expect(parseEventPayload(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('when the caller gives an id, then it is kept', () => {
    expect(createEvent({ type: 'attio.reachable', nowMs: 0, data: {}, id: 'evt_x' }).id).toBe(
      'evt_x',
    );
  });
});
