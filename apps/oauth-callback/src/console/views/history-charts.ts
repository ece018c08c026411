import {
  HEALTH_STATUSES,
  type HealthHistoryEntry,
  type HealthStatus,
  type StatusCountsOverTime,
} from '@attio-auth/connection-store';

import { html, raw, type SafeHtml } from '../../views/html.js';
import { badge, join, when } from './console-page.js';

/** One colour per status, each with 4.5:1 contrast or more on white (WCAG 2.2 AA, non-text 3:1 too). */
export const STATUS_COLOURS: Record<HealthStatus, string> = {
  healthy: '#1a7f37',
  revoked: '#a40e26',
  workspace_mismatch: '#8250df',
  under_scoped: '#9a6700',
  failed_to_check: '#bc4c00',
  unknown: '#57606a',
};

const DASH: Record<HealthStatus, string> = {
  healthy: '',
  revoked: '6 3',
  workspace_mismatch: '2 2',
  under_scoped: '8 2 2 2',
  failed_to_check: '4 4',
  unknown: '1 3',
};

const label = (s: HealthStatus) => s.replace(/_/g, ' ');
const shortDate = (d: Date) => d.toISOString().slice(5, 16).replace('T', ' ');

/**
 * Connections by status over time as an SVG line chart (one line per status that is ever non-zero,
 * told apart by colour and dash pattern, with a legend in words), and the same figures as a table in
 * a `<details>` for screen readers and anyone who wants the numbers.
 *
 * @example
 * ```ts
 * countsOverTimeChart(await store.statusCountsOverTime({ from, to, buckets: 28 }));
 * ```
 */
export function countsOverTimeChart(series: StatusCountsOverTime): SafeHtml {
  const width = 640;
  const height = 220;
  const left = 48;
  const bottom = 28;
  const plotW = width - left - 16;
  const plotH = height - bottom - 12;
  const statuses = HEALTH_STATUSES.filter((s) => series.points.some((p) => p.counts[s] > 0));
  const max = Math.max(1, ...series.points.flatMap((p) => statuses.map((s) => p.counts[s])));
  const x = (i: number) =>
    left + (series.points.length <= 1 ? plotW : (i / (series.points.length - 1)) * plotW);
  const y = (v: number) => 12 + plotH - (v / max) * plotH;
  const lines = statuses.map((s) => {
    const points = series.points
      .map((p, i) => `${x(i).toFixed(1)},${y(p.counts[s]).toFixed(1)}`)
      .join(' ');
    return html`<polyline fill="none" stroke="${STATUS_COLOURS[s]}" stroke-width="2" stroke-dasharray="${DASH[s]}" points="${points}"></polyline>`;
  });
  const first = series.points[0];
  const last = series.points.at(-1);
  const axis = html`<line x1="${left}" y1="${12 + plotH}" x2="${left + plotW}" y2="${12 + plotH}" stroke="#57606a"></line>
<line x1="${left}" y1="12" x2="${left}" y2="${12 + plotH}" stroke="#57606a"></line>
<text x="${left - 6}" y="16" text-anchor="end">${max}</text><text x="${left - 6}" y="${12 + plotH}" text-anchor="end">0</text>
${first ? html`<text x="${left}" y="${height - 8}">${shortDate(first.at)}</text>` : raw('')}
${last ? html`<text x="${left + plotW}" y="${height - 8}" text-anchor="end">${shortDate(last.at)} UTC</text>` : raw('')}`;
  const latest = last ? statuses.map((s) => `${label(s)} ${last.counts[s]}`).join(', ') : 'no data';
  const legend = statuses.map(
    (s) =>
      html`<li><svg width="28" height="10" aria-hidden="true"><line x1="0" y1="5" x2="28" y2="5" stroke="${STATUS_COLOURS[s]}" stroke-width="2" stroke-dasharray="${DASH[s]}"></line></svg> ${label(s)}</li>`,
  );
  const rows = series.points.map(
    (p) =>
      html`<tr><td>${when(p.at)}</td>${join(statuses.map((s) => html`<td>${p.counts[s]}</td>`))}</tr>`,
  );
  return html`<figure><svg role="img" aria-labelledby="trend-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
<title id="trend-title">Live connections by status from ${first ? shortDate(first.at) : '—'} to ${last ? shortDate(last.at) : '—'} UTC; latest: ${latest}</title>${axis}${join(lines)}</svg>
<figcaption><ul class="legend" aria-label="Legend">${join(legend)}</ul></figcaption></figure>
<details><summary>Figures of the chart</summary><table id="trend-table"><caption>Live connections by status at the end of each period</caption><thead><tr><th scope="col">At</th>${join(statuses.map((s) => html`<th scope="col">${label(s)}</th>`))}</tr></thead><tbody>${join(rows)}</tbody></table></details>`;
}

/**
 * A connection's health timeline: an SVG step chart with one lane per status (the connection's status
 * over time, from its oldest shown change to now) and the list of changes as a table.
 *
 * @example
 * ```ts
 * timelineChart(await store.healthHistory(workspaceId, { limit: 100 }), new Date());
 * ```
 */
export function timelineChart(entries: readonly HealthHistoryEntry[], now: Date): SafeHtml {
  if (entries.length === 0) return html`<p>No status change recorded yet.</p>`;
  const oldestFirst = [...entries].reverse();
  const width = 640;
  const lane = 22;
  const left = 160;
  const plotW = width - left - 16;
  const height = HEALTH_STATUSES.length * lane + 30;
  const start = (oldestFirst[0] as HealthHistoryEntry).at.getTime();
  const span = Math.max(1, now.getTime() - start);
  const x = (t: number) => left + ((t - start) / span) * plotW;
  const laneY = (s: HealthStatus) => HEALTH_STATUSES.indexOf(s) * lane + lane / 2 + 4;
  const lanes = HEALTH_STATUSES.map(
    (s) =>
      html`<text x="${left - 8}" y="${laneY(s) + 4}" text-anchor="end">${label(s)}</text><line x1="${left}" y1="${laneY(s)}" x2="${left + plotW}" y2="${laneY(s)}" stroke="#d0d7de"></line>`,
  );
  const segments = oldestFirst.map((e, i) => {
    const end =
      i + 1 < oldestFirst.length
        ? (oldestFirst[i + 1] as HealthHistoryEntry).at.getTime()
        : now.getTime();
    return html`<rect x="${x(e.at.getTime()).toFixed(1)}" y="${laneY(e.to) - 6}" width="${Math.max(3, x(end) - x(e.at.getTime())).toFixed(1)}" height="12" fill="${STATUS_COLOURS[e.to]}"></rect>`;
  });
  const current = (entries[0] as HealthHistoryEntry).to;
  const rows = entries.map(
    (e) =>
      html`<tr><td>${when(e.at)}</td><td>${e.from ? badge(e.from) : raw('—')}</td><td>${badge(e.to)}</td><td>${e.reasonCode ?? '—'}</td><td>${e.missingScopes.join(' ') || '—'}</td></tr>`,
  );
  return html`<svg role="img" aria-labelledby="timeline-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
<title id="timeline-title">Health status from ${shortDate(new Date(start))} UTC to now: ${entries.length} change(s), now ${label(current)}</title>${join(lanes)}${join(segments)}
<text x="${left}" y="${height - 6}">${shortDate(new Date(start))}</text><text x="${left + plotW}" y="${height - 6}" text-anchor="end">now</text></svg>
<table id="status-changes"><caption>Status changes, newest first</caption><thead><tr><th scope="col">At</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Reason</th><th scope="col">Missing scopes</th></tr></thead><tbody>${join(rows)}</tbody></table>`;
}
