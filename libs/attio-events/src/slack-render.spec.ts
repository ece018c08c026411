import { describe, expect, it } from '@jest/globals';
import { createEvent } from './create-event.js';
import { EVENT_TYPES, type EventData, type EventType } from './event-types.js';
import { renderSlackText } from './slack-render.js';

const AT = Date.parse('2026-01-05T10:04:12Z');
const acme: EventData = { workspace_id: 'wsp_1', workspace_name: 'Acme' };
const render = (type: EventType, data: EventData, reconnect = false) =>
  renderSlackText(
    createEvent({ type, data, nowMs: AT }),
    reconnect
      ? { reconnectUrl: (id) => `https://auth.example.com/install?workspace=${id}&x=1` }
      : {},
  );

describe('renderSlackText', () => {
  it.each<[EventType, EventData, string]>([
    [
      'connection.created',
      { ...acme, owner: { tags: { team: 'sales' } } },
      ':large_green_circle: Acme (wsp_1) [owner: team=sales] connected.',
    ],
    [
      'connection.replaced',
      acme,
      ':arrows_counterclockwise: Acme (wsp_1) was re-installed; the new token replaces the old one.',
    ],
    [
      'connection.reconnected',
      { ...acme, old_status: 'revoked' },
      ':large_green_circle: Acme (wsp_1) reconnected (was revoked).',
    ],
    [
      'connection.deleted',
      { ...acme, reason: 'admin request' },
      ':wastebasket: Acme (wsp_1) was deleted (admin request).',
    ],
    ['connection.restored', { workspace_id: 'wsp_2' }, ':recycle: wsp_2 was restored.'],
    [
      'connection.token_revoked',
      acme,
      ':lock: The token of Acme (wsp_1) was revoked at Attio; it no longer works.',
    ],
    [
      'health.broken',
      {
        ...acme,
        old_status: 'healthy',
        new_status: 'under_scoped',
        missing_scopes: ['record_permission:read', 'list_entry:read'],
      },
      ':red_circle: Acme (wsp_1) is under_scoped (was healthy). Missing scopes: record_permission:read, list_entry:read. Grant the missing scopes in Attio, then reinstall or edit the token.',
    ],
    [
      'health.recovered',
      { ...acme, old_status: 'revoked', owner: { tags: {}, display_name: 'Sales ops' } },
      ':large_green_circle: Acme (wsp_1) [owner: Sales ops] recovered: healthy again (was revoked).',
    ],
    [
      'attio.unreachable',
      { failed_checks: 37, total_checks: 1000, reason: 'timeout' },
      ':warning: Attio is unreachable: 37 of 1000 checks failed (timeout). Per-workspace alerts are paused until it answers again; Check network access to Attio and Attio status; the token itself may be fine.',
    ],
    [
      'attio.reachable',
      { incident_started_at: '2026-01-05T10:00:00.000Z' },
      ':large_green_circle: Attio is reachable again after 4m 12s; per-workspace alerts resume.',
    ],
  ])('when the event is %s, then the line reads as expected', (type, data, expected) => {
    expect(render(type, data)).toBe(expected);
  });

  it('when a reconnect URL builder is given, then health.broken ends with the link (escaped for Slack)', () => {
    expect(
      render('health.broken', { ...acme, old_status: 'healthy', new_status: 'revoked' }, true),
    ).toBe(
      ':red_circle: Acme (wsp_1) is revoked (was healthy). Ask the workspace to reinstall the app (or issue a new access token). Reconnect: https://auth.example.com/install?workspace=wsp_1&amp;x=1',
    );
  });

  it('when the workspace name tries to ping the channel or disguise a link, then it is escaped', () => {
    expect(
      render('connection.created', {
        workspace_id: 'wsp_1',
        workspace_name: '<!channel> <https://evil.example|Acme>',
      }),
    ).toBe(
      ':large_green_circle: &lt;!channel&gt; &lt;https://evil.example|Acme&gt; (wsp_1) connected.',
    );
  });

  it('when every event type is rendered with empty data, then each gives one line without "undefined"', () => {
    for (const type of EVENT_TYPES) {
      const line = render(type, {});
      expect(line).not.toMatch(/undefined|\n/);
      expect(line.length).toBeGreaterThan(10);
    }
  });
});
