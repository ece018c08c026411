import { Router } from 'express';

import type { AppDeps } from '../app-deps.js';
import { errorSummary } from '../http/error-summary.js';
import type { Metrics } from '../metrics.js';

/**
 * Probes for orchestrators and Prometheus:
 * - `GET /healthz` → 200 while the process serves requests (liveness; no dependencies checked);
 * - `GET /readyz` → 200 when the connection store answers, else 503 (readiness);
 * - `GET /metrics` → Prometheus text format.
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
  router.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await deps.store.ping();
      res.json({ status: 'ready', store: deps.store.driver });
    } catch (err) {
      deps.logger.warn({ err: errorSummary(err) }, 'readiness check failed: store unreachable');
      res.status(503).json({
        status: 'unavailable',
        store: deps.store.driver,
        reason: 'connection store unreachable',
      });
    }
  });
  router.get('/metrics', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
