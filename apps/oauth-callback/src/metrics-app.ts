import express, { type Express } from 'express';

import type { Metrics } from './metrics.js';
import { metricsHandler } from './routes/probe-routes.js';

/**
 * The app of the METRICS_PORT listener: `GET /metrics` and nothing else (404 JSON otherwise), so
 * Prometheus can scrape a port that is not exposed with /install and the admin API.
 *
 * @example
 * ```ts
 * (await bindServer({ port: config.http.metricsPort, host: config.http.host })).serve(metricsApp(metrics));
 * ```
 */
export function metricsApp(metrics: Metrics): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(metrics));
  app.use((_req, res) => {
    res
      .status(404)
      .json({ error: { code: 'NOT_FOUND', message: 'This listener serves GET /metrics only.' } });
  });
  return app;
}
