import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '@attio-auth/attio-core';

import type { Metrics } from '../metrics.js';
import { requestIdOf } from './request-id.js';

/**
 * One log line and one metric per answered request. Logs the path only, never the query string
 * (it carries the authorization code and state), and no headers.
 *
 * @example
 * ```ts
 * app.use(accessLog(logger, metrics));
 * ```
 */
export function accessLog(
  logger: Logger,
  metrics: Metrics,
  now: () => number = () => performance.now(),
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = now();
    res.on('finish', () => {
      const route = routeOf(req, res);
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      const failureCode = res.locals['failureCode'] as string | undefined;
      const outcome = res.locals['outcome'] as string | undefined;
      const workspaceId = res.locals['workspaceId'] as string | undefined;
      const line = {
        requestId: requestIdOf(res),
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Math.round((now() - started) * 10) / 10,
        ...(failureCode ? { errorCode: failureCode } : {}),
        ...(outcome ? { outcome } : {}),
        ...(workspaceId ? { workspaceId } : {}),
      };
      if (res.statusCode >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    });
    next();
  };
}

/** The route template (bounded label values), or `unmatched` for 404s so scanners cannot blow up the metric. */
function routeOf(req: Request, res: Response): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route === 'string') return `${req.baseUrl}${route}`;
  return res.statusCode === 404 ? 'unmatched' : 'middleware';
}
