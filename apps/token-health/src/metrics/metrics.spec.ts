import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMetricsFile } from './metrics-file.js';
import { createHealthMetrics } from './metrics.js';
import { SummaryAccumulator, type CheckRecord } from '../round/round-summary.js';

const rec = (status: CheckRecord['status']): CheckRecord => ({
  target: { kind: 'token', name: 'x' },
  status,
  missingScopes: [],
  errorCode: null,
  detail: '',
  checkedAt: new Date(0),
  durationMs: 30,
});

describe('health metrics', () => {
  it('when checks are suppressed, results discarded and an incident is open, then the exposition counts them', async () => {
    const metrics = createHealthMetrics();
    const before = await metrics.render();
    expect(before).toContain('attio_token_health_suppressed_total 0');
    expect(before).toContain('attio_token_health_discarded_total 0');
    expect(before).toContain('attio_token_health_incident_open 0');

    const acc = new SummaryAccumulator(new Date(0));
    for (const suppressed of [true, true, false]) {
      metrics.observeCheck(rec('failed_to_check'), { suppressed });
      acc.add(rec('failed_to_check'), { suppressed });
    }
    metrics.observeDiscarded();
    acc.discard();
    const summary = acc.finish(new Date(1000), false, {
      open: true,
      opened: true,
      recovered: false,
      reason: 'http_5xx',
    });
    expect([summary.suppressed, summary.discarded]).toEqual([2, 1]);
    metrics.observeRound(summary);
    const text = await metrics.render();
    expect(text).toContain('attio_token_health_suppressed_total 2');
    expect(text).toContain('attio_token_health_discarded_total 1');
    expect(text).toContain('attio_token_health_incident_open 1');

    metrics.observeRound(new SummaryAccumulator(new Date(0)).finish(new Date(1), false));
    expect(await metrics.render()).toContain('attio_token_health_incident_open 0');
    // An interrupted round is no success: the timestamp stays at the last successful one.
    metrics.observeRound(new SummaryAccumulator(new Date(5000)).finish(new Date(9000), true));
    expect(await metrics.render()).toContain(
      'attio_token_health_last_success_timestamp_seconds 0.001',
    );
  });

  it('when checks, a round and event deliveries are observed, then the exposition has the exact values', async () => {
    const metrics = createHealthMetrics();
    const acc = new SummaryAccumulator(new Date(1_000_000));
    for (const s of ['healthy', 'healthy', 'revoked'] as const) {
      metrics.observeCheck(rec(s));
      acc.add(rec(s));
    }
    metrics.observeRound(acc.finish(new Date(1_004_000), false));
    metrics.observeEventDelivery('delivered', 'alert-webhook');
    const text = await metrics.render();
    expect(text).toContain('attio_token_health_checks_total{status="healthy"} 2');
    expect(text).toContain('attio_token_health_checks_total{status="revoked"} 1');
    expect(text).toContain('attio_token_health_checks_total{status="failed_to_check"} 0');
    expect(text).toContain('attio_token_health_last_round_targets{status="revoked"} 1');
    expect(text).toContain('attio_token_health_last_round_end_timestamp_seconds 1004');
    expect(text).toContain('attio_token_health_last_round_duration_seconds 4');
    expect(text).toContain('attio_token_health_last_success_timestamp_seconds 1004');
    expect(text).toContain('attio_token_health_round_duration_seconds_bucket{le="5"} 1');
    expect(text).toContain('attio_token_health_round_duration_seconds_bucket{le="1"} 0');
    expect(text).toContain('attio_token_health_last_round_exit_code 1');
    expect(text).toContain('attio_token_health_rounds_total{interrupted="false"} 1');
    expect(text).toContain(
      'attio_token_health_event_deliveries_total{destination="alert-webhook",result="delivered"} 1',
    );
    expect(text).toContain('attio_token_health_check_duration_seconds_bucket{le="0.05"} 3');
  });

  it('when the metrics file is written twice, then it holds the latest text and no temp file remains', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'th-metrics-'));
    try {
      const path = join(dir, 'attio_token_health.prom');
      await writeMetricsFile(path, 'a 1\n');
      await writeMetricsFile(path, 'a 2\n');
      expect(await readFile(path, 'utf8')).toBe('a 2\n');
      expect(await readdir(dir)).toEqual(['attio_token_health.prom']);
      await expect(writeMetricsFile(join(dir, 'missing', 'x.prom'), 'a 1\n')).rejects.toThrow(
        /ENOENT/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
