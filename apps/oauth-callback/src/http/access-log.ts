import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '@attio-auth/attio-core';

import type { Metrics } from '../metrics.js';
import { requestIdOf } from './request-id.js';

/** A logged path is cut here: a 4 KiB junk URL should not make a 4 KiB log line. */
export const MAX_LOGGED_PATH = 512;

/**
 * One log line and one metric per answered request. Logs the full path (from `req.originalUrl`:
 * inside a sub-router `req.path` loses the mount point, `/connections` for `/admin/connections`)
 * but never the query string, which carries the authorization code and state on the callback, and
 * no headers. The metric's route label is the mount point plus the route template
 * (`/admin/connections/:workspaceId`), so label values stay bounded.
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
        path: pathOf(req),
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

/** The request's path as sent (still percent-encoded), without the query string, bounded. */
function pathOf(req: Request): string {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH - 1)}…` : path;
}
