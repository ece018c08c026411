import { createServer, type Server } from 'node:http';
import type { HealthMetrics } from '../metrics/metrics.js';

/** What `/healthz` reports about the scheduler. */
export interface SchedulerState {
  readonly stopping: boolean;
  readonly roundInProgress: boolean;
  readonly lastRoundFinishedAt: Date | null;
  readonly lastRoundExitCode: number | null;
  readonly nextRunAt: Date | null;
}

/**
 * Builds (does not start) the scheduler's HTTP server: `GET /healthz` (200 while running, 503 once
 * shutdown began, so a load balancer or kubelet stops routing) and `GET /metrics` (Prometheus text).
 * node:http is enough for two read-only routes; no framework, nothing else answers but 404/405.
 *
 * @example
 * const server = createStatusServer({ metrics, state: () => scheduler.state() });
 * server.listen(9464);
 */
export function createStatusServer(deps: {
  metrics: HealthMetrics;
  state: () => SchedulerState;
}): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path !== '/healthz' && path !== '/metrics') {
      send(
        404,
        'application/json',
        JSON.stringify({ error: 'not_found', message: 'Try GET /healthz or GET /metrics.' }),
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      send(
        405,
        'application/json',
        JSON.stringify({ error: 'method_not_allowed', message: 'Use GET.' }),
      );
      return;
    }
    if (path === '/healthz') {
      const state = deps.state();
      send(
        state.stopping ? 503 : 200,
        'application/json',
        JSON.stringify({
          status: state.stopping ? 'stopping' : 'ok',
          roundInProgress: state.roundInProgress,
          lastRoundFinishedAt: state.lastRoundFinishedAt?.toISOString() ?? null,
          lastRoundExitCode: state.lastRoundExitCode,
          nextRunAt: state.nextRunAt?.toISOString() ?? null,
        }),
      );
      return;
    }
    deps.metrics.render().then(
      (text) => send(200, deps.metrics.registry.contentType, text),
      () =>
        send(
          500,
          'application/json',
          JSON.stringify({ error: 'metrics_failed', message: 'Could not render metrics.' }),
        ),
    );
  });
}
