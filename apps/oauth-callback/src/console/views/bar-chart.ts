import { html, raw, type SafeHtml } from '../../views/html.js';

/** One bar: a label, its value, and the status class that colours it. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly tone?: string | undefined;
}

const FILL: Record<string, string> = {
  healthy: '#1a7f37',
  revoked: '#a40e26',
  workspace_mismatch: '#a40e26',
  under_scoped: '#9a6700',
  failed_to_check: '#9a6700',
  unknown: '#57606a',
};

/**
 * A horizontal bar chart as inline SVG (no script, prints and reads without JavaScript). It is one
 * image with a text alternative; the same figures are always also in a table or list beside it.
 *
 * @example
 * ```ts
 * barChart('Connections by status', [{ label: 'healthy', value: 12, tone: 'healthy' }]);
 * ```
 */
export function barChart(title: string, bars: readonly Bar[]): SafeHtml {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowHeight = 24;
  const labelWidth = 150;
  const width = 560;
  const plot = width - labelWidth - 60;
  const height = bars.length * rowHeight + 8;
  const summary = bars.map((b) => `${b.label}: ${b.value}`).join(', ');
  const rows = bars.map((b, i) => {
    const y = i * rowHeight + 4;
    const w = Math.round((b.value / max) * plot);
    return html`<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${b.label}</text>
<rect x="${labelWidth}" y="${y + 2}" width="${Math.max(w, b.value > 0 ? 2 : 0)}" height="${rowHeight - 8}" fill="${FILL[b.tone ?? ''] ?? '#0550ae'}"></rect>
<text x="${labelWidth + w + 6}" y="${y + 15}">${b.value}</text>`.__html;
  });
  return html`<svg role="img" aria-labelledby="chart-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
<title id="chart-title">${title}: ${summary}</title>${raw(rows.join(''))}</svg>`;
}
