import { HEALTH_STATUSES, type Connection } from '@attio-auth/connection-store';

import { html, raw, type SafeHtml } from '../../views/html.js';
import { queryString, type ConnectionsQuery } from '../connection-query.js';
import { badge, CONSOLE_PATH, join, when } from './console-page.js';

/**
 * The connections table with its filter form (a GET form: the filters are in the URL, so a page can be
 * bookmarked and shared), keyset "next page" link and CSV export link.
 *
 * @example
 * ```ts
 * connectionsView(query, { rows, nextAfter });
 * ```
 */
export function connectionsView(
  query: ConnectionsQuery,
  page: { rows: readonly Connection[]; nextAfter: string | null },
): SafeHtml {
  const options = ['', ...HEALTH_STATUSES].map(
    (s) =>
      html`<option value="${s}"${raw(query.status === s ? ' selected' : '')}>${s === '' ? 'any' : s.replace(/_/g, ' ')}</option>`,
  );
  const deletedOptions = (['exclude', 'include', 'only'] as const).map(
    (d) =>
      html`<option value="${d}"${raw(query.deleted === d ? ' selected' : '')}>${d === 'exclude' ? 'live only' : d === 'only' ? 'deleted only' : 'live and deleted'}</option>`,
  );
  const rows = page.rows.map(
    (
      c,
    ) => html`<tr><th scope="row"><a href="${CONSOLE_PATH}/connections/${encodeURIComponent(c.workspaceId)}">${c.workspaceName ?? c.workspaceId}</a><br><span class="muted">${c.workspaceId}</span></th>
<td>${badge(c.health.status)}${c.deleted ? html` <span class="badge s-disabled">deleted</span>` : raw('')}</td>
<td>${c.owner.displayName ?? ''}${join(Object.entries(c.owner.tags).map(([k, v]) => html` <code>${k}=${v}</code>`))}</td>
<td>${when(c.health.lastCheckedAt)}</td><td>${when(c.health.statusSince)}</td>
<td>${c.health.missingScopes.length > 0 ? c.health.missingScopes.join(' ') : '—'}</td></tr>`,
  );
  return html`<form class="filters" method="get" action="${CONSOLE_PATH}/connections" role="search" aria-label="Filter connections">
<div><label for="f-status">Status</label><select id="f-status" name="status">${join(options)}</select></div>
<div><label for="f-tag">Owner tag (key=value)</label><input id="f-tag" name="tag" value="${query.tag}" placeholder="team=growth"></div>
<div><label for="f-q">Text</label><input id="f-q" name="q" type="search" value="${query.q}" placeholder="name, id or slug"></div>
<div><label for="f-deleted">Deleted</label><select id="f-deleted" name="deleted">${join(deletedOptions)}</select></div>
<div><button type="submit">Filter</button></div></form>
<p><a id="csv-export" href="${CONSOLE_PATH}/connections.csv${raw(escapeQuery(queryString(query)))}">Export these connections as CSV</a></p>
${
  page.rows.length === 0
    ? html`<p id="no-rows">No connection matches.</p>`
    : html`<table id="connections"><caption>Connections${query.after ? ' (continued)' : ''}</caption><thead><tr><th scope="col">Workspace</th><th scope="col">Status</th><th scope="col">Owner</th><th scope="col">Last checked</th><th scope="col">Since</th><th scope="col">Missing scopes</th></tr></thead><tbody>
${join(rows)}</tbody></table>`
}
<nav class="pages" aria-label="Pages">${query.after ? html`<a href="${CONSOLE_PATH}/connections${raw(escapeQuery(queryString(query)))}">First page</a>` : raw('')}
${page.nextAfter ? html`<a id="next-page" rel="next" href="${CONSOLE_PATH}/connections${raw(escapeQuery(queryString(query, page.nextAfter)))}">Next page</a>` : raw('')}</nav>`;
}

/** A query string (already percent-encoded) made safe for an attribute. */
function escapeQuery(q: string): string {
  return q.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
