import type { DeliveryResult } from '@attio-auth/event-delivery';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CHECK_STATUSES } from '../round/classify.js';
import type { CheckRecord, RoundSummary } from '../round/round-summary.js';

/** Prometheus metrics of the checker; one registry per process, never the prom-client global. */
export interface HealthMetrics {
  readonly registry: Registry;
  observeCheck(record: CheckRecord, options?: { readonly suppressed?: boolean }): void;
  /** A verdict the store discarded (token changed since the lease, or connection deleted). */
  observeDiscarded(): void;
  observeRound(summary: RoundSummary): void;
  /** One attempt of the event delivery worker recorded (ALERT_WEBHOOK_URL is the destination `alert-webhook`). */
  observeEventDelivery(result: DeliveryResult, destinationId: string): void;
  /** A recheck of flagged connections (between rounds): counted, without touching the last-round gauges. */
  observeRecheck(summary: RoundSummary): void;
  /** Prometheus text exposition format (also the node-exporter textfile collector format). */
  render(): Promise<string>;
}

/**
 * Creates the metrics. Labels are bounded (status, result) — never a workspace id, which would
 * give one series per connection (10,000+) and overload Prometheus; per-target detail is in
 * `--json` output and alerts.
 *
 * @example
 * const metrics = createHealthMetrics();
 * metrics.observeCheck(record);
 * await metrics.render(); // '# HELP attio_token_health_checks_total …'
 */
export function createHealthMetrics(): HealthMetrics {
  const registry = new Registry();
  const checks = new Counter({
    name: 'attio_token_health_checks_total',
    help: 'Token checks by verdict since the process started.',
    labelNames: ['status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'attio_token_health_check_duration_seconds',
    help: 'Duration of one check (GET /v2/self including retries).',
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const lastRound = new Gauge({
    name: 'attio_token_health_last_round_targets',
    help: 'Targets per verdict in the last finished round.',
    labelNames: ['status'],
    registers: [registry],
  });
  const lastRoundEnd = new Gauge({
    name: 'attio_token_health_last_round_end_timestamp_seconds',
    help: 'Unix time the last round finished; alert when it stops advancing.',
    registers: [registry],
  });
  const lastRoundDuration = new Gauge({
    name: 'attio_token_health_last_round_duration_seconds',
    help: 'Wall-clock duration of the last round.',
    registers: [registry],
  });
  const lastRoundExit = new Gauge({
    name: 'attio_token_health_last_round_exit_code',
    help: 'Exit code the last round would have (0 healthy, 1 problems, 2 only unchecked).',
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: 'attio_token_health_last_success_timestamp_seconds',
    help: 'Unix time the last successful round finished (not interrupted, and not every target failed to check); alert when it is older than two intervals.',
    registers: [registry],
  });
  const roundDuration = new Histogram({
    name: 'attio_token_health_round_duration_seconds',
    help: 'Wall-clock duration of each finished round.',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  });
  const rounds = new Counter({
    name: 'attio_token_health_rounds_total',
    help: 'Rounds finished, by whether SIGTERM interrupted them.',
    labelNames: ['interrupted'],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'attio_token_health_event_deliveries_total',
    help: 'Event delivery attempts of this process (alerts included), by destination id and result.',
    labelNames: ['destination', 'result'],
    registers: [registry],
  });
  const suppressed = new Counter({
    name: 'attio_token_health_suppressed_total',
    help: 'failed_to_check verdicts recorded without events or alerts because an Attio incident was open.',
    registers: [registry],
  });
  const discarded = new Counter({
    name: 'attio_token_health_discarded_total',
    help: 'Verdicts the store discarded: re-installed (new token) or deleted between lease and record.',
    registers: [registry],
  });
  const seenHealthy = new Counter({
    name: 'attio_token_health_seen_healthy_total',
    help: 'Due connections a round skipped because a client used them successfully within HEALTH_SKIP_IF_SEEN_SECONDS.',
    registers: [registry],
  });
  const rechecks = new Counter({
    name: 'attio_token_health_rechecks_total',
    help: 'Connections rechecked within seconds because a client saw a failure (401, 403 auth_error, inactive).',
    registers: [registry],
  });
  const incidentOpen = new Gauge({
    name: 'attio_token_health_incident_open',
    help: '1 while an Attio incident (many checks failing for one transient reason) is open, after the last round.',
    registers: [registry],
  });
  for (const status of CHECK_STATUSES) checks.inc({ status }, 0);

  return {
    registry,
    observeCheck(record, options = {}) {
      checks.inc({ status: record.status });
      duration.observe(record.durationMs / 1000);
      if (options.suppressed) suppressed.inc();
    },
    observeDiscarded() {
      discarded.inc();
    },
    observeRound(summary) {
      for (const status of CHECK_STATUSES) lastRound.set({ status }, summary.counts[status]);
      lastRoundEnd.set(summary.finishedAt.getTime() / 1000);
      lastRoundDuration.set((summary.finishedAt.getTime() - summary.startedAt.getTime()) / 1000);
      lastRoundExit.set(summary.exitCode);
      roundDuration.observe((summary.finishedAt.getTime() - summary.startedAt.getTime()) / 1000);
      // Exit code 2: only unchecked targets (Attio unreachable for all): the round told nothing.
      if (!summary.interrupted && summary.exitCode !== 2)
        lastSuccess.set(summary.finishedAt.getTime() / 1000);
      incidentOpen.set(summary.incident.open ? 1 : 0);
      rounds.inc({ interrupted: String(summary.interrupted) });
      seenHealthy.inc(summary.seenHealthy);
    },
    observeRecheck(summary) {
      rechecks.inc(summary.checked);
    },
    observeEventDelivery(result, destinationId) {
      deliveries.inc({ destination: destinationId, result });
    },
    render: () => registry.metrics(),
  };
}
