import type {
  DeliveryState,
  HealthRound,
  HealthStatus,
  StatusCountsOverTime,
  StoredEvent,
} from '@attio-auth/connection-store';

import { html, raw, type SafeHtml } from '../../views/html.js';
import { barChart } from './bar-chart.js';
import { badge, CONSOLE_PATH, join, when } from './console-page.js';
import { countsOverTimeChart } from './history-charts.js';

/** What the overview shows. */
export interface OverviewData {
  readonly counts: readonly { status: HealthStatus; count: number }[];
  readonly deletedCount: number;
  readonly deliveries: Record<DeliveryState, number>;
  /** The newest attio.unreachable event when no attio.reachable came after it. */
  readonly attioIncident: StoredEvent | undefined;
  readonly recentEvents: readonly StoredEvent[];
  /** Live connections by status over the last days (from the health history). */
  readonly trend: StatusCountsOverTime;
  /** The health checker's newest recorded round, if it recorded one yet. */
  readonly lastRound: HealthRound | undefined;
}

const BROKEN: readonly HealthStatus[] = [
  'revoked',
  'under_scoped',
  'workspace_mismatch',
  'failed_to_check',
];

/**
 * The overview's body: counts by status (chart and table), open incidents, events failing delivery,
 * and the latest events.
 *
 * @example
 * ```ts
 * consolePage({ title: 'Overview', body: overviewView(data), viewer, appName });
 * ```
 */
export function overviewView(data: OverviewData): SafeHtml {
  const total = data.counts.reduce((n, c) => n + c.count, 0);
  const broken = data.counts
    .filter((c) => BROKEN.includes(c.status))
    .reduce((n, c) => n + c.count, 0);
  const incidents: SafeHtml[] = [];
  if (data.attioIncident)
    incidents.push(
      html`<li>Attio unreachable since ${when(data.attioIncident.createdAt)} (${String(data.attioIncident.data.reason ?? 'no reason')})</li>`,
    );
  if (broken > 0)
    incidents.push(
      html`<li><a href="${CONSOLE_PATH}/connections?status=revoked">${broken} connection(s) need attention</a> (revoked, under-scoped, wrong workspace or not checkable)</li>`,
    );
  const failing = data.deliveries.dead + data.deliveries.disabled;
  return html`<section aria-labelledby="h-counts"><h2 id="h-counts">Connections by status</h2>
<div class="cards"><div class="card"><span>Live connections</span><strong id="count-total">${total}</strong></div>
<div class="card"><span>Need attention</span><strong id="count-broken">${broken}</strong></div>
<div class="card"><span>Soft-deleted</span><strong id="count-deleted">${data.deletedCount}</strong></div></div>
${barChart(
  'Connections by status',
  data.counts.map((c) => ({ label: c.status.replace(/_/g, ' '), value: c.count, tone: c.status })),
)}
<table id="status-counts"><caption>Counts by status</caption><thead><tr><th scope="col">Status</th><th scope="col">Connections</th></tr></thead><tbody>
${join(data.counts.map((c) => html`<tr><td><a href="${CONSOLE_PATH}/connections?status=${c.status}">${badge(c.status)}</a></td><td>${c.count}</td></tr>`))}
</tbody></table></section>
<section aria-labelledby="h-trend"><h2 id="h-trend">Connections by status, last 7 days</h2>${countsOverTimeChart(data.trend)}</section>
${lastRoundSection(data.lastRound)}
<section aria-labelledby="h-incidents"><h2 id="h-incidents">Open incidents</h2>
${incidents.length === 0 ? html`<p id="no-incidents">None.</p>` : html`<ul id="incidents">${join(incidents)}</ul>`}</section>
<section aria-labelledby="h-delivery"><h2 id="h-delivery">Event delivery</h2>
<p><span id="deliveries-failing">${failing}</span> deliveries failing (${data.deliveries.dead} dead, ${data.deliveries.disabled} disabled),
${data.deliveries.pending} pending, ${data.deliveries.delivered} delivered.
${failing > 0 ? html`<a href="${CONSOLE_PATH}/events?state=dead">See dead letters</a>` : raw('')}</p></section>
<section aria-labelledby="h-recent"><h2 id="h-recent">Latest events</h2>${eventsTable(data.recentEvents, 'Latest events')}</section>`;
}

/** The health checker's last round: when it ended, how long it took, what it found, how it ended. */
function lastRoundSection(round: HealthRound | undefined): SafeHtml {
  if (!round)
    return html`<section aria-labelledby="h-last-round"><h2 id="h-last-round">Last round</h2>
<p id="no-round">No round recorded yet.</p></section>`;
  const found = Object.entries(round.counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status.replace(/_/g, ' ')}`);
  return html`<section aria-labelledby="h-last-round"><h2 id="h-last-round">Last round</h2>
<dl id="last-round">
<dt>Finished</dt><dd>${when(round.finishedAt)}</dd>
<dt>Took</dt><dd>${duration(round.finishedAt.getTime() - round.startedAt.getTime())}</dd>
<dt>Checked</dt><dd>${round.checked}</dd>
<dt>Verdicts</dt><dd>${found.length > 0 ? found.join(', ') : 'none'}</dd>
<dt>Skipped (seen working)</dt><dd>${round.seenHealthy}</dd>
<dt>Ended</dt><dd>${round.interrupted ? 'interrupted by a shutdown' : 'completed'}, exit code ${round.exitCode}</dd>
<dt>Checker</dt><dd><code>${round.owner}</code></dd>
</dl></section>`;
}

/**
 * A duration as people read it: `850 ms`, `12.3 s`, `4 min 5 s`, `2 h 10 min`.
 *
 * @example
 * ```ts
 * duration(245_000); // '4 min 5 s'
 * ```
 */
export function duration(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const s = Math.floor(ms / 1_000);
  if (s < 3_600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3_600)} h ${Math.floor((s % 3_600) / 60)} min`;
}

/** A table of events (newest first). */
export function eventsTable(
  events: readonly StoredEvent[],
  caption: string,
  actions?: (e: StoredEvent) => SafeHtml,
): SafeHtml {
  if (events.length === 0) return html`<p>No events.</p>`;
  return html`<table><caption>${caption}</caption><thead><tr><th scope="col">When</th><th scope="col">Type</th><th scope="col">Workspace</th><th scope="col">Details</th>${actions ? html`<th scope="col">Actions</th>` : raw('')}</tr></thead><tbody>
${join(events.map((e) => html`<tr><td>${when(e.createdAt)}</td><td><code>${e.type}</code></td><td>${e.workspaceId ? html`<a href="${CONSOLE_PATH}/connections/${encodeURIComponent(e.workspaceId)}">${e.data.workspace_name ?? e.workspaceId}</a>` : raw('—')}</td><td>${eventDetails(e)}</td>${actions ? html`<td>${actions(e)}</td>` : raw('')}</tr>`))}
</tbody></table>`;
}

function eventDetails(e: StoredEvent): string {
  const parts: string[] = [];
  if (e.data.old_status || e.data.new_status)
    parts.push(`${e.data.old_status ?? '—'} → ${e.data.new_status ?? '—'}`);
  if (e.data.reason) parts.push(`reason ${e.data.reason}`);
  if (e.data.missing_scopes && e.data.missing_scopes.length > 0)
    parts.push(`missing ${e.data.missing_scopes.join(' ')}`);
  return parts.join('; ') || '—';
}
