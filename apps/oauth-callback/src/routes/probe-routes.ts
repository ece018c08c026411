import { Router, type Request, type Response } from 'express';

import type { AppDeps } from '../app-deps.js';
import { errorSummary } from '../http/error-summary.js';
import type { Metrics } from '../metrics.js';

/**
 * Probes for orchestrators and Prometheus:
 * - `GET /healthz` → 200 while the process serves requests (liveness; no dependencies checked);
 * - `GET /readyz` → 200 when the connection store answers within READY_TIMEOUT_MS, else 503 with a
 *   reason (readiness): a dead or silent database, a locked table or an exhausted pool all answer 503
 *   in bounded time, so the orchestrator stops sending traffic instead of piling requests up;
 * - `GET /metrics` → Prometheus text format (here unless METRICS_PORT moves it to its own listener).
 *
 * @example
 * ```ts
 * app.use(probeRoutes(deps, metrics));
 * ```
 */
export function probeRoutes(deps: AppDeps, metrics: Metrics): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  const timeoutMs = deps.config.http.readyTimeoutMs;
  router.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const started = Date.now();
    try {
      await deps.store.ping({ timeoutMs });
      res.json({ status: 'ready', store: deps.store.driver });
    } catch (err) {
      // The ping's own deadline passed: the store is there but stuck (locked table, busy pool).
      const reason =
        Date.now() - started >= timeoutMs
          ? `connection store did not answer within ${timeoutMs} ms`
          : 'connection store unreachable';
      deps.logger.warn({ err: errorSummary(err) }, `readiness check failed: ${reason}`);
      res.status(503).json({ status: 'unavailable', store: deps.store.driver, reason });
    }
  });
  // With METRICS_PORT, /metrics is served only by the metrics listener (`metricsApp`).
  if (deps.config.http.metricsPort === undefined) router.get('/metrics', metricsHandler(metrics));
  return router;
}

/**
 * `GET /metrics` in the Prometheus text format (the store gauges are read during the scrape).
 *
 * @example
 * ```ts
 * router.get('/metrics', metricsHandler(metrics));
 * ```
 */
export function metricsHandler(metrics: Metrics) {
  return async (_req: Request, res: Response): Promise<void> => {
    res.setHeader('Cache-Control', 'no-store');
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
