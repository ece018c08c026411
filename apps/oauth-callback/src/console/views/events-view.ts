import {
  DELIVERY_STATES,
  type DeliveryState,
  type StoredEvent,
} from '@attio-auth/connection-store';

import { html, raw, type SafeHtml } from '../../views/html.js';
import type { ConsoleRole } from '../console-role.js';
import { CONSOLE_PATH, join } from './console-page.js';
import { eventsTable } from './overview-view.js';

/**
 * The events page: a state filter (dead letters by default), the events with a delivery in that state,
 * a replay button for admins (through a confirm page), and keyset paging by `seq`.
 *
 * @example
 * ```ts
 * eventsView('dead', events, nextBefore, 'admin');
 * ```
 */
export function eventsView(
  state: DeliveryState,
  events: readonly StoredEvent[],
  nextBefore: number | null,
  role: ConsoleRole,
): SafeHtml {
  const options = DELIVERY_STATES.map(
    (s) =>
      html`<option value="${s}"${raw(s === state ? ' selected' : '')}>${s === 'dead' ? 'dead letters' : s}</option>`,
  );
  const replay =
    role === 'admin' && (state === 'dead' || state === 'delivered' || state === 'disabled')
      ? (e: StoredEvent) =>
          html`<a class="button secondary" href="${CONSOLE_PATH}/events/${e.id}/confirm-replay">Replay</a>`
      : undefined;
  return html`<form class="filters" method="get" action="${CONSOLE_PATH}/events" role="search" aria-label="Filter events">
<div><label for="f-state">Delivery state</label><select id="f-state" name="state">${join(options)}</select></div>
<div><button type="submit">Show</button></div></form>
${eventsTable(events, `Events with a ${state} delivery, newest first`, replay)}
<nav class="pages" aria-label="Pages">${nextBefore !== null ? html`<a id="next-page" rel="next" href="${CONSOLE_PATH}/events?state=${state}&amp;before=${nextBefore}">Older events</a>` : raw('')}</nav>`;
}
