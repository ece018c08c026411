import type {
  Connection,
  EventDelivery,
  HealthHistoryEntry,
  StoredEvent,
} from '@attio-auth/connection-store';

import { html, raw, type SafeHtml } from '../../views/html.js';
import type { ConsoleRole } from '../console-role.js';
import { badge, CONSOLE_PATH, join, when } from './console-page.js';
import { timelineChart } from './history-charts.js';
import { eventsTable } from './overview-view.js';

/** The actions of the connection page; each goes through a confirm page first. */
export const CONNECTION_ACTIONS = {
  'reconnect-link': { label: 'Create reconnect link', danger: false },
  'revoke-token': { label: 'Revoke token at Attio', danger: true },
  delete: { label: 'Delete connection', danger: true },
  restore: { label: 'Restore connection', danger: false },
} as const;

export type ConnectionAction = keyof typeof CONNECTION_ACTIONS;

/**
 * A connection's page: facts (never the token), its health timeline (chart and changes), its events with
 * their deliveries, and —
 * for admins — the action buttons (links to their confirm pages).
 *
 * @example
 * ```ts
 * connectionView(connection, events, deliveries, 'admin', { entries, now: new Date() });
 * ```
 */
export function connectionView(
  c: Connection,
  events: readonly StoredEvent[],
  deliveries: ReadonlyMap<string, readonly EventDelivery[]>,
  role: ConsoleRole,
  history: { entries: readonly HealthHistoryEntry[]; now: Date },
): SafeHtml {
  const base = `${CONSOLE_PATH}/connections/${encodeURIComponent(c.workspaceId)}`;
  const available: ConnectionAction[] = c.deleted
    ? ['restore']
    : ['reconnect-link', 'revoke-token', 'delete'];
  const actions =
    role === 'admin'
      ? html`<section aria-labelledby="h-actions"><h2 id="h-actions">Actions</h2><div class="actions">${join(
          available.map(
            (a) =>
              html`<a class="button${raw(CONNECTION_ACTIONS[a].danger ? '' : ' secondary')}" href="${base}/confirm/${a}">${CONNECTION_ACTIONS[a].label}</a>`,
          ),
        )}</div></section>`
      : html`<p class="muted" id="viewer-note">You have the viewer role: actions need the admin role.</p>`;
  const rows = events.flatMap((e) =>
    (deliveries.get(e.id) ?? []).map(
      (d) =>
        html`<tr><td><code>${e.id}</code></td><td><code>${e.type}</code></td><td>${d.destinationId}</td><td>${badge(d.state)}</td><td>${d.attempts}</td><td>${d.lastStatus ?? '—'}</td><td>${d.lastError ?? '—'}</td></tr>`,
    ),
  );
  return html`<dl class="facts" id="facts">
<dt>Workspace id</dt><dd><code>${c.workspaceId}</code></dd>
<dt>Name</dt><dd>${c.workspaceName ?? '—'} ${c.workspaceSlug ? html`(<code>${c.workspaceSlug}</code>)` : raw('')}</dd>
<dt>Status</dt><dd id="status">${badge(c.health.status)}${c.deleted ? html` <span class="badge s-disabled" id="deleted-badge">deleted ${when(c.deleted.deletedAt)}</span>` : raw('')}</dd>
<dt>Since</dt><dd>${when(c.health.statusSince)}</dd>
<dt>Last checked</dt><dd>${when(c.health.lastCheckedAt)}</dd>
<dt>Last error</dt><dd>${c.health.lastErrorCode ?? '—'}</dd>
<dt>Missing scopes</dt><dd>${c.health.missingScopes.length > 0 ? c.health.missingScopes.join(' ') : '—'}</dd>
<dt>Granted scopes</dt><dd>${c.scopes.join(' ') || '—'}</dd>
<dt>Owner</dt><dd>${c.owner.displayName ?? '—'}${join(Object.entries(c.owner.tags).map(([k, v]) => html` <code>${k}=${v}</code>`))}</dd>
<dt>Installed</dt><dd>${when(c.installedAt)}${c.installedBy ? html` by ${c.installedBy}` : raw('')}</dd>
</dl>
${actions}
<section aria-labelledby="h-timeline"><h2 id="h-timeline">Health timeline</h2>${timelineChart(history.entries, history.now)}</section>
<section aria-labelledby="h-events"><h2 id="h-events">Events</h2>${eventsTable(events, 'Events of this connection, newest first')}</section>
<section aria-labelledby="h-deliveries"><h2 id="h-deliveries">Deliveries</h2>${rows.length === 0 ? html`<p>No deliveries.</p>` : html`<table><caption>Deliveries of these events</caption><thead><tr><th scope="col">Event</th><th scope="col">Type</th><th scope="col">Destination</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Last status</th><th scope="col">Last error</th></tr></thead><tbody>${join(rows)}</tbody></table>`}</section>`;
}

/**
 * The confirm step of an action: what it does, a POST form carrying the CSRF token, and a way back.
 *
 * @example
 * ```ts
 * confirmView({ question: 'Delete Acme?', explain: '…', action: '/admin/console/…/delete', button: 'Delete', csrf, back, danger: true });
 * ```
 */
export function confirmView(o: {
  question: string;
  explain: string;
  action: string;
  button: string;
  csrf: string;
  back: string;
  danger: boolean;
}): SafeHtml {
  return html`<p id="confirm-question"><strong>${o.question}</strong></p><p>${o.explain}</p>
<form method="post" action="${o.action}"><input type="hidden" name="csrf" value="${o.csrf}">
<div class="actions"><button type="submit" id="confirm"${raw(o.danger ? ' class="danger"' : '')}>${o.button}</button> <a class="button secondary" href="${o.back}">Cancel</a></div></form>`;
}

/** A short message (an action's result, an error) with a link onwards. */
export function messageView(o: {
  kind: 'notice' | 'error';
  text: string;
  extra?: SafeHtml;
  link?: { href: string; label: string };
}): SafeHtml {
  return html`<div class="${o.kind}" role="${o.kind === 'error' ? 'alert' : 'status'}" id="message"><p>${o.text}</p>${o.extra ?? raw('')}</div>
${o.link ? html`<p><a id="continue" href="${o.link.href}">${o.link.label}</a></p>` : raw('')}`;
}
