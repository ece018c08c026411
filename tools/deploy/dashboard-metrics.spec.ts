import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { loadOrCreateDevKeyRing } from '@attio-auth/connection-store';
import { processIo, run } from '@attio-auth/token-health';

import { startDemoStack, type DemoStack } from '../demo/demo-stack.js';
import { exportedMetricNames, metricNamesOf } from './metric-names.js';

// The real apps on a real SQLite store against the sandbox: generous on a loaded machine.
jest.setTimeout(60_000);

const root = resolve(__dirname, '..', '..');
const dashboard = JSON.parse(
  readFileSync(join(root, 'deploy/grafana/attio-auth.json'), 'utf8'),
) as {
  panels: { title: string; targets: { expr: string }[] }[];
};
const rules = readFileSync(join(root, 'deploy/prometheus/attio-auth.rules.yml'), 'utf8');
/** Every `expr:` of the rules file (one line each there). */
const ruleExprs = [...rules.matchAll(/^\s+expr: (.+)$/gm)].map((m) => m[1] as string);

describe('the Grafana dashboard and the Prometheus rules against a live scrape', () => {
  let stack: DemoStack;
  let dataDir: string;
  let exported: Set<string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dashboard-metrics-'));
    stack = await startDemoStack({ dataDir, logLevel: 'warn' });
    const { sandbox, service, config } = stack;
    const workspaceId = sandbox.fixtures.workspaces[0]?.id ?? '';
    await service.store.saveConnection({
      workspaceId,
      scopes: [],
      token: sandbox.admin.createToken({ workspaceId, scopes: [] }),
    });
    // One real health round on the same store; its exposition is what its /metrics serves.
    const metricsFile = join(dataDir, 'attio_token_health.prom');
    const quiet = { write: () => true };
    const exit = await run(['--once', '--metrics-file', metricsFile], {
      ...processIo(),
      env: {
        DATABASE_URL: config.store.databaseUrl ?? '',
        TOKEN_ENCRYPTION_KEYS: loadOrCreateDevKeyRing(dataDir).value,
        ATTIO_API_BASE_URL: sandbox.urls.api,
        HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0',
        LOG_LEVEL: 'warn',
      },
      stdout: quiet,
      stderr: quiet,
      onSignal: () => () => undefined,
    });
    expect(exit).toBe(0);
    const scrape = await fetch(`${service.url}/metrics`);
    expect(scrape.status).toBe(200);
    const callbackText = await scrape.text();
    // The store gauges were read during the scrape: the connection just checked is healthy.
    expect(callbackText).toContain('attio_auth_connections{status="healthy"} 1');
    exported = exportedMetricNames(`${callbackText}\n${readFileSync(metricsFile, 'utf8')}`);
  });

  afterAll(async () => {
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when every dashboard query is parsed, then each metric it names is exported by the apps', () => {
    const used = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((t) => metricNamesOf(t.expr).map((name) => `${p.title}: ${name}`)),
    );
    expect(used.length).toBeGreaterThanOrEqual(dashboard.panels.length);
    expect(used.filter((u) => !exported.has(u.split(': ')[1] as string))).toEqual([]);
  });

  it('when every alerting rule is parsed, then each metric it names is exported by the apps', () => {
    expect(ruleExprs).toHaveLength(6);
    const used = ruleExprs.flatMap(metricNamesOf);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
  });

  it('when an expression names a metric nobody exports, then the check names it and skips functions, labels and ranges', () => {
    const expr =
      'histogram_quantile(0.95, sum by (le) (rate(attio_auth_made_up_seconds_bucket{le!="x"}[$__rate_interval]))) / on (instance) time()';
    expect(metricNamesOf(expr)).toEqual(['attio_auth_made_up_seconds_bucket']);
    expect(metricNamesOf(expr).filter((name) => !exported.has(name))).toEqual([
      'attio_auth_made_up_seconds_bucket',
    ]);
  });
});
