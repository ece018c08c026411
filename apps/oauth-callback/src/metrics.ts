import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
}

/**
 * Creates the metrics. `defaults: true` adds the process metrics (CPU, memory, event loop) too.
 *
 * @example
 * ```ts
 * const metrics = createMetrics({ defaults: true });
 * res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
 * ```
 */
export function createMetrics(options: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaults) collectDefaultMetrics({ register: registry });
  return {
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
