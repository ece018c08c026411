/**
 * Metric names in PromQL expressions and in Prometheus text expositions, for checking that a dashboard
 * or a rules file only names metrics the apps really export.
 */

/** PromQL words that look like identifiers but are not metric names. */
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names an expression selects: label matchers, strings, ranges, `by (…)` label lists and
 * function names are taken out first. Grafana variables (`$__rate_interval`) are ranges, also removed.
 *
 * @example
 * metricNamesOf('sum by (status) (rate(a_total{x="y"}[5m]))'); // ['a_total']
 */
export function metricNamesOf(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?/g)) {
    const word = m[0].replace(/\s*\($/, '');
    if (m[1] !== undefined || KEYWORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names];
}

/**
 * Every metric name a text exposition offers: sample names, and each `# TYPE` family (with a
 * histogram's `_bucket`, `_sum` and `_count`, so a labelled counter not incremented yet still counts).
 *
 * @example
 * exportedMetricNames('# TYPE a histogram\na_bucket{le="1"} 0\n'); // Set { 'a', 'a_bucket', 'a_sum', 'a_count' }
 */
export function exportedMetricNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      const [, name, kind] = type as unknown as [string, string, string];
      names.add(name);
      if (kind === 'histogram' || kind === 'summary')
        for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (sample) names.add(sample[1] as string);
  }
  return names;
}
