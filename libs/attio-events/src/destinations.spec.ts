import { describe, expect, it } from '@jest/globals';
import { createEvent } from './create-event.js';
import {
  describeUrl,
  matchesDestination,
  parseDestinations,
  type Destination,
} from './destinations.js';
import { AttioEventsError } from './events-error.js';
import type { EventData, EventType } from './event-types.js';
import { generateWebhookSecret } from './webhook-secret.js';

const S1 = generateWebhookSecret();
const S2 = generateWebhookSecret();
const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/XXXXSECRETPATH';

function errorOf(input: unknown): AttioEventsError {
  try {
    parseDestinations(input as string, { source: 'EVENT_DESTINATIONS' });
  } catch (err) {
    if (err instanceof AttioEventsError) return err;
    throw err;
  }
  throw new Error('expected an AttioEventsError');
}

const event = (type: EventType, data: EventData = {}) => createEvent({ type, data, nowMs: 0 });

describe('parseDestinations', () => {
  it('when given a standard and a slack destination, then both are parsed with defaults filled in', () => {
    const text = JSON.stringify([
      { id: 'sync', kind: 'standard', url: 'https://sync.example.com/attio', secrets: [S1, S2] },
      {
        id: 'ops-slack',
        kind: 'slack',
        url: SLACK_URL,
        events: ['health.*', 'attio.*'],
        owner: { team: 'ops' },
      },
    ]);
    expect(parseDestinations(text)).toEqual([
      {
        id: 'sync',
        kind: 'standard',
        url: 'https://sync.example.com/attio',
        secrets: [S1, S2],
        events: ['*'],
      },
      {
        id: 'ops-slack',
        kind: 'slack',
        url: SLACK_URL,
        secrets: [],
        events: ['health.*', 'attio.*'],
        owner: { team: 'ops' },
      },
    ]);
  });

  it('when given an already parsed empty array, then there is no destination', () => {
    expect(parseDestinations([])).toEqual([]);
  });

  it.each([
    ['{"id":', 'EVENT_DESTINATIONS is not valid JSON'],
    ['{}', 'EVENT_DESTINATIONS must be a JSON array of destinations'],
    [[1], 'EVENT_DESTINATIONS[0] must be an object { id, kind, url, secrets?, events?, owner? }.'],
    [
      [{ id: 'a', kind: 'slack', url: SLACK_URL, colour: 'red' }],
      'EVENT_DESTINATIONS[0] has an unknown field "colour"',
    ],
    [
      [{ id: '-a', kind: 'slack', url: SLACK_URL }],
      'EVENT_DESTINATIONS[0].id must be 1–64 letters',
    ],
    [
      [{ id: 'a', kind: 'email', url: SLACK_URL }],
      'EVENT_DESTINATIONS[0].kind must be "standard" or "slack".',
    ],
    [
      [{ id: 'a', kind: 'slack', url: 'hooks.slack.com/x' }],
      'EVENT_DESTINATIONS[0].url must be an absolute URL',
    ],
    [
      [{ id: 'a', kind: 'slack', url: 'ftp://x.example/' }],
      'EVENT_DESTINATIONS[0].url must use https: (or http: outside production), not ftp:.',
    ],
    [
      [{ id: 'a', kind: 'standard', url: 'https://x.example/' }],
      'EVENT_DESTINATIONS[0].secrets must list one or two "whsec_…" secrets (two while rotating).',
    ],
    [
      [{ id: 'a', kind: 'standard', url: 'https://x.example/', secrets: [S1, S2, S1] }],
      'EVENT_DESTINATIONS[0].secrets must list one or two',
    ],
    [
      [{ id: 'a', kind: 'standard', url: 'https://x.example/', secrets: [S1, S1] }],
      'EVENT_DESTINATIONS[0].secrets lists the same secret twice; remove one.',
    ],
    [
      [{ id: 'a', kind: 'slack', url: SLACK_URL, secrets: [S1] }],
      'EVENT_DESTINATIONS[0].secrets is only for kind "standard"',
    ],
    [
      [{ id: 'a', kind: 'slack', url: SLACK_URL, events: [] }],
      'EVENT_DESTINATIONS[0].events must be a non-empty array',
    ],
    [
      [{ id: 'a', kind: 'slack', url: SLACK_URL, events: ['health.brokn'] }],
      'EVENT_DESTINATIONS[0].events[0] "health.brokn" matches no event; use "*", one of "connection.*", "health.*", "attio.*", or a type: connection.created,',
    ],
    [
      [{ id: 'a', kind: 'slack', url: SLACK_URL, owner: { team: 1 } }],
      'EVENT_DESTINATIONS[0].owner.team must be a string.',
    ],
    [
      [
        { id: 'a', kind: 'slack', url: SLACK_URL },
        { id: 'a', kind: 'slack', url: SLACK_URL },
      ],
      'EVENT_DESTINATIONS[1].id "a" is already used by EVENT_DESTINATIONS[0]; ids must be unique.',
    ],
  ])(
    'when bad configuration %# is given, then the error names the entry and field',
    (input, expected) => {
      const err = errorOf(input);
      expect(err.code).toBe('EVENTS_INVALID_DESTINATIONS');
      expect(err.message.startsWith(expected)).toBe(true);
    },
  );

  it('when a secret is malformed, then the error names its index and code EVENTS_INVALID_SECRET, not the value', () => {
    const err = errorOf([
      {
        id: 'a',
        kind: 'standard',
        url: 'https://x.example/',
        secrets: [S1, 'nothex-secret-value'],
      },
    ]);
    expect(err.code).toBe('EVENTS_INVALID_SECRET');
    expect(err.message).toMatch(
      /^EVENT_DESTINATIONS\[0\]\.secrets\[1\] must start with "whsec_" \(got a value of 19 characters\)/,
    );
    expect(err.message).not.toContain('nothex-secret-value');
  });

  it('when the JSON is broken next to a secret, then the message holds neither the secret nor the URL', () => {
    const text = `[{"id":"a","kind":"standard","url":"https://u:pw@x.example/p?k=v","secrets":["${S1}"] oops]`;
    const err = errorOf(text);
    expect(err.message).toMatch(
      /^EVENT_DESTINATIONS is not valid JSON( \(error at character \d+\))?; expected an array of destinations\.$/,
    );
    expect(err.message).not.toContain(S1.slice(6));
    expect(err.message).not.toContain('pw@');
  });

  it('when the whole list of errors is produced, then none contains a URL path, a password or a secret', () => {
    const bad = [
      [
        {
          id: 'a',
          kind: 'slack',
          url: 'https://user:hunter2@hooks.slack.com/services/T/B/SECRET',
          junk: 1,
        },
      ],
      [
        {
          id: 'a',
          kind: 'standard',
          url: 'https://user:hunter2@x.example/SECRET?key=k',
          secrets: [`${S1}x`],
        },
      ],
    ];
    for (const input of bad) {
      const { message } = errorOf(input);
      expect(message).not.toMatch(/hunter2|SECRET|key=k/);
      expect(message).not.toContain(S1.slice(6));
    }
  });
});

describe('matchesDestination', () => {
  const base: Destination = {
    id: 'd',
    kind: 'standard',
    url: 'https://x.example/',
    secrets: [S1],
    events: ['*'],
  };

  it.each([
    [['*'], 'attio.unreachable', true],
    [['health.*'], 'health.broken', true],
    [['health.*'], 'connection.deleted', false],
    [['connection.deleted'], 'connection.deleted', true],
    [['connection.deleted'], 'connection.created', false],
    [['health.*', 'connection.deleted'], 'connection.deleted', true],
  ] as const)(
    'when the filter is %j and the event is %s, then it matches: %s',
    (events, type, expected) => {
      expect(matchesDestination({ ...base, events }, event(type))).toBe(expected);
    },
  );

  it('when the destination filters on owner tags, then only events whose owner has every pair match', () => {
    const dest = { ...base, owner: { team: 'sales', region: 'eu' } };
    expect(
      matchesDestination(
        dest,
        event('health.broken', { owner: { tags: { team: 'sales', region: 'eu', x: 'y' } } }),
      ),
    ).toBe(true);
    expect(
      matchesDestination(dest, event('health.broken', { owner: { tags: { team: 'sales' } } })),
    ).toBe(false);
    expect(matchesDestination(dest, event('attio.unreachable'))).toBe(false);
  });
});

describe('describeUrl', () => {
  it('when the URL has userinfo, a path and a query, then only scheme and host are shown', () => {
    expect(describeUrl('https://user:pw@hooks.slack.com/services/T/B/X?x=1')).toBe(
      'https://hooks.slack.com/…',
    );
    expect(describeUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(describeUrl('not a url')).toBe('(not a URL)');
  });
});
