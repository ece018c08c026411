import {
  DELIVERY_STATES,
  HEALTH_STATUSES,
  type EventOutbox,
  type HealthHistory,
} from '@attio-auth/connection-store';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the scrape-time gauges read: live connections by status, deliveries by state. */
export type MetricsStore = Pick<HealthHistory, 'countByStatus'> &
  Pick<EventOutbox, 'countDeliveries'>;

/** The service's Prometheus metrics, on a registry of its own so several apps can run in one process. */
export interface Metrics {
  readonly registry: Registry;
  /** Completed callbacks by outcome: `installed`, `reinstalled` or the failure code. */
  readonly installs: Counter<'outcome'>;
  /** Callback handling time (state check + exchange + identify + store), by outcome class. */
  readonly installDuration: Histogram<'result'>;
  /** Every HTTP answer, by route template and status. */
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  /** Installs started (`/install` redirects). */
  readonly installsStarted: Counter;
  /** Tokens of installs refused after the code exchange: `revoked`, `already_gone`, `queued`, `lost`. */
  readonly refusedTokenRevocations: Counter<'outcome'>;
  /**
   * Revocations at Attio by outcome (`revoked`, `already_gone`, `failed`, `skipped`) and source
   * (`delete`: the admin API; `pass`: the background revocation pass).
   */
  readonly revocations: Counter<'outcome' | 'source'>;
  /** Soft-deleted connections purged after DELETED_RETENTION_DAYS (or by `?purge=true`). */
  readonly connectionsPurged: Counter;
  /** What the delivery worker did with each delivery attempt: delivered, retry, dead, gone, lease_lost. */
  readonly deliveryResults: Counter<'result'>;
}

/**
 * Creates the metrics. `defaults: true` adds the process metrics (CPU, memory, event loop) too.
 * With a `store`, each scrape also reads the store (two GROUP BY queries, index-backed) for
 * `attio_auth_connections{status}` and `attio_auth_event_deliveries{state}`, so every instance reports
 * the same totals (aggregate them with `max`, not `sum`); a failed read leaves the last values and
 * counts `attio_auth_store_scrape_errors_total`.
 *
 * @example
 * ```ts
 * const metrics = createMetrics({ defaults: true });
 * res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
 * ```
 */
export function createMetrics(options: { defaults?: boolean; store?: MetricsStore } = {}): Metrics {
  const registry = new Registry();
  if (options.defaults) collectDefaultMetrics({ register: registry });
  const { store } = options;
  if (store !== undefined) storeGauges(registry, store);
  const deliveryResults = new Counter({
    name: 'attio_auth_event_delivery_results_total',
    help: 'Event delivery attempts by result (delivered, retry: failed and retried later, dead: dead-lettered, gone: destination disabled by 410, lease_lost).',
    labelNames: ['result'],
    registers: [registry],
  });
  for (const result of ['delivered', 'retry', 'dead', 'gone', 'lease_lost'])
    deliveryResults.inc({ result }, 0);
  return {
    deliveryResults,
    registry,
    installs: new Counter({
      name: 'oauth_callback_installs_total',
      help: 'OAuth callbacks handled, by outcome (installed, reinstalled, or the failure code).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    installDuration: new Histogram({
      name: 'oauth_callback_install_duration_seconds',
      help: 'Time to handle an OAuth callback, from request to answer.',
      labelNames: ['result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'oauth_callback_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    installsStarted: new Counter({
      name: 'oauth_callback_installs_started_total',
      help: 'Installs started (redirects from /install to the Attio consent page).',
      registers: [registry],
    }),
    refusedTokenRevocations: new Counter({
      name: 'oauth_callback_refused_token_revocations_total',
      help: 'Tokens of installs refused after the code exchange, by what revoking them came to.',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    revocations: new Counter({
      name: 'oauth_callback_revocations_total',
      help: 'Token revocations at Attio, by outcome (revoked, already_gone, failed, skipped) and source (delete, pass, console).',
      labelNames: ['outcome', 'source'],
      registers: [registry],
    }),
    connectionsPurged: new Counter({
      name: 'oauth_callback_connections_purged_total',
      help: 'Soft-deleted connections purged (retention passed, or ?purge=true).',
      registers: [registry],
    }),
  };
}

/** The gauges read from the store at scrape time (prom-client awaits `collect`). */
function storeGauges(registry: Registry, store: MetricsStore): void {
  const errors = new Counter({
    name: 'attio_auth_store_scrape_errors_total',
    help: 'Scrapes whose store read failed (the store gauges then keep their last values).',
    registers: [registry],
  });
  new Gauge({
    name: 'attio_auth_connections',
    help: 'Live (not soft-deleted) connections by health status, read from the store at scrape time.',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      try {
        const counts = await store.countByStatus();
        for (const status of HEALTH_STATUSES) this.set({ status }, counts[status]);
      } catch {
        errors.inc();
      }
    },
  });
  new Gauge({
    name: 'attio_auth_event_deliveries',
    help: 'Event deliveries by state (pending, delivered, dead: dead-lettered, disabled), read from the store at scrape time.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      try {
        const counts = await store.countDeliveries();
        for (const state of DELIVERY_STATES) this.set({ state }, counts[state]);
      } catch {
        errors.inc();
      }
    },
  });
}
