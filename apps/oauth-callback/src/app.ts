import express, { type Express, type NextFunction, type Request, type Response } from 'express';

import type { AppDeps } from './app-deps.js';
import { consoleRoutes } from './console/console-routes.js';
import { failureFromError, serviceFailure } from './failures/install-failure.js';
import { ServiceFailureCode } from './failures/service-failure-codes.js';
import { accessLog } from './http/access-log.js';
import { errorSummary } from './http/error-summary.js';
import { methodNotAllowed } from './http/method-not-allowed.js';
import { rateLimit } from './http/rate-limit.js';
import { requestId, requestIdOf } from './http/request-id.js';
import { requestLimits } from './http/request-limits.js';
import { securityHeaders } from './http/security-headers.js';
import { sendFailure } from './http/send-failure.js';
import { createServicePacer } from './lifecycle/lifecycle-deps.js';
import { createMetrics } from './metrics.js';
import { adminRoutes } from './routes/admin-routes.js';
import { callbackRoute } from './routes/callback-route.js';
import { installRoute } from './routes/install-route.js';
import { landingRoute } from './routes/landing-route.js';
import { probeRoutes } from './routes/probe-routes.js';
import { installSessionRoute } from './routes/session-install-route.js';

/**
 * What one listener serves: everything (the default), everything but `/admin` (PORT when ADMIN_PORT is
 * set), or only `/admin` and the probes (the ADMIN_PORT listener).
 */
export type AppSurface = 'all' | 'public' | 'admin';

/**
 * Builds the Express app. Never listens: `main.ts` (or a test, on port 0) does.
 *
 * Order matters: request id → access log → security headers → admin API (its own limits, 404 and
 * JSON errors) → size limits → routes (rate limit on the two install routes) → 404 → error handler.
 *
 * @example
 * ```ts
 * const app = createApp({ config, store, logger });
 * const server = app.listen(0, '127.0.0.1');
 * ```
 */
export function createApp(deps: AppDeps, options: { surface?: AppSurface } = {}): Express {
  const surface = options.surface ?? 'all';
  const { config, logger } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);
  // Repeated parameters become arrays and fail validation instead of being silently merged.
  app.set('query parser', 'simple');
  // Every answer here is no-store or tiny; hashing each body for an ETag would be wasted work.
  app.set('etag', false);

  app.use(requestId());
  app.use(accessLog(logger, metrics));
  app.use(securityHeaders(config.http.publicBaseUrl, config.branding.logoUrl));
  const revokePacer = deps.revokePacer ?? createServicePacer(config);
  if (surface !== 'public') {
    // The console (HTML, OpenID Connect sessions) before the JSON admin API and its bearer token.
    app.use('/admin/console', consoleRoutes({ ...deps, metrics, revokePacer }));
    // The admin API answers every failure (limits, bad paths, 404, 405) as its own JSON.
    app.use('/admin', adminRoutes({ ...deps, metrics, revokePacer }));
  }
  if (surface === 'admin') {
    app.use(probeRoutes(deps, metrics));
    app.use((req: Request, res: Response) =>
      sendFailure(req, res, serviceFailure(ServiceFailureCode.NOT_FOUND)),
    );
    return app;
  }
  app.use(requestLimits());

  const limit = {
    windowMs: config.http.rateLimit.windowMs,
    max: config.http.rateLimit.max,
    ...(deps.now ? { now: deps.now } : {}),
  };
  // The browser-facing routes live under PUBLIC_BASE_URL's path ('' or e.g. '/attio'); a proxy in
  // front forwards that path unchanged. Probes, metrics and the admin API stay at the root.
  const base = config.http.basePath;
  app.locals['installPath'] = `${base}/install`;
  app.locals['branding'] = config.branding;
  app.locals['anonymousInstall'] = config.install.anonymous;
  // Express answers HEAD with the GET handler; here that would start an install or burn a state
  // whenever a link scanner previews the link, so HEAD is refused before the GET routes see it.
  app.head(
    [`${base}/install`, `${base}/install/s/:id`, `${base}/oauth/callback`],
    methodNotAllowed(['GET']),
  );
  app.get(`${base}/`, landingRoute(deps));
  const shared = deps.hitLimiter;
  app.get(`${base}/install`, rateLimit(limit, 'install', shared), installRoute(deps, metrics));
  app.get(
    `${base}/install/s/:id`,
    rateLimit(limit, 'install', shared),
    installSessionRoute(deps, metrics),
  );
  app.get(
    `${base}/oauth/callback`,
    rateLimit(limit, 'callback', shared),
    callbackRoute(deps, metrics),
  );
  app.use(probeRoutes(deps, metrics));

  app.use((req: Request, res: Response) =>
    sendFailure(req, res, serviceFailure(ServiceFailureCode.NOT_FOUND)),
  );
  // Express 5 forwards rejected promises from async handlers here.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: unknown; type?: unknown }).status;
    if (status === 400 || status === 413) {
      return sendFailure(
        req,
        res,
        serviceFailure(
          status === 413 ? ServiceFailureCode.PAYLOAD_TOO_LARGE : ServiceFailureCode.QUERY_INVALID,
        ),
      );
    }
    logger.error({ requestId: requestIdOf(res), err: errorSummary(err) }, 'unhandled error');
    sendFailure(req, res, failureFromError(err));
  });
  return app;
}
