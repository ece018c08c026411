import { Router } from 'express';

import type { AppDeps } from '../app-deps.js';
import { errorSummary } from '../http/error-summary.js';
import type { Metrics } from '../metrics.js';

/**
 * Probes for orchestrators and Prometheus:
 * - `GET /healthz` → 200 while the process serves requests (liveness; no dependencies checked);
 * - `GET /readyz` → 200 when the connection store answers within READY_TIMEOUT_MS, else 503 with a
 *   reason (readiness): a dead or silent database, a locked table or an exhausted pool all answer 503
 *   in bounded time, so the orchestrator stops sending traffic instead of piling requests up;
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
  router.get('/metrics', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
