import { constantTimeEqual } from '@attio-auth/attio-oauth';
import type { Connection } from '@attio-auth/connection-store';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';

import type { AppDeps } from '../app-deps.js';
import { errorSummary } from '../http/error-summary.js';
import { requestIdOf } from '../http/request-id.js';
import { requestLimits } from '../http/request-limits.js';
import { AdminFailure, sendAdminError } from './admin-errors.js';
import { installSessionsRoutes } from './install-sessions-routes.js';

const listQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    after: z.string().min(1).max(256).optional(),
  })
  .strict();

const workspaceIdParam = z.string().min(1).max(256);

/** A store call failed: the caller gets 503 ADMIN_STORE_UNAVAILABLE, the log the error summary. */
const storeUnavailable = (err: unknown): never => {
  throw new AdminFailure('ADMIN_STORE_UNAVAILABLE', { cause: err });
};

/**
 * Admin API for operators (JSON only), behind `Authorization: Bearer <ADMIN_TOKEN>`:
 * - `GET /admin/connections?limit=&after=` → `{ data: Connection[], nextAfter: string | null }` (no tokens);
 * - `GET /admin/connections/:workspaceId` → `{ data: Connection }` or 404;
 * - `DELETE /admin/connections/:workspaceId` → 204, or 404 when there was none.
 * The token is compared in constant time; without ADMIN_TOKEN every call answers 503 ADMIN_DISABLED.
 *
 * Every failure under `/admin`, including the size limits, a malformed `%` in the path, an unknown
 * route and a wrong method, is a JSON `ADMIN_*` error (`admin-errors.ts`), so it is mounted before
 * the service's own limits and 404 page.
 *
 * @example
 * ```ts
 * app.use('/admin', adminRoutes(deps));
 * ```
 */
export function adminRoutes(deps: AppDeps): Router {
  const { config, store, logger } = deps;
  const router = Router();

  router.use(
    requestLimits(undefined, (_req, res, breach) =>
      sendAdminError(
        res,
        breach === 'uri-too-long' ? 'ADMIN_URI_TOO_LONG' : 'ADMIN_PAYLOAD_TOO_LARGE',
      ),
    ),
  );

  // Authentication before anything else, so a caller without the token learns nothing about routes.
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (config.admin.token === undefined) return sendAdminError(res, 'ADMIN_DISABLED');
    const header = req.get('authorization') ?? '';
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match || !constantTimeEqual(match[1] as string, config.admin.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="oauth-callback-admin"');
      return sendAdminError(res, 'ADMIN_UNAUTHORIZED');
    }
    next();
  });

  // The one admin call that reads a body (JSON, its own parser and checks).
  router.use('/install-sessions', installSessionsRoutes(deps));

  // No other admin call reads a body: refusing one means no parser and nothing silently ignored.
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (Number(req.get('content-length') ?? '0') > 0)
      return sendAdminError(res, 'ADMIN_BODY_NOT_ACCEPTED');
    next();
  });

  router
    .route('/connections')
    .get(async (req, res) => {
      const parsed = listQuery.safeParse(req.query);
      if (!parsed.success) return sendAdminError(res, 'ADMIN_QUERY_INVALID');
      const { limit, after } = parsed.data;
      const rows = await store
        .listConnections({ limit, ...(after ? { afterWorkspaceId: after } : {}) })
        .catch(storeUnavailable);
      const last = rows.at(-1);
      res.json({
        data: rows.map(toJson),
        nextAfter: rows.length === limit && last ? last.workspaceId : null,
      });
    })
    .all(methodNotAllowed('GET, HEAD'));

  router
    .route('/connections/:workspaceId')
    .get(async (req, res) => {
      const id = workspaceIdParam.safeParse(req.params['workspaceId']);
      const connection = id.success
        ? await store.getConnection(id.data).catch(storeUnavailable)
        : undefined;
      if (!connection) return sendAdminError(res, 'ADMIN_CONNECTION_NOT_FOUND');
      res.json({ data: toJson(connection) });
    })
    .delete(async (req, res) => {
      const id = workspaceIdParam.safeParse(req.params['workspaceId']);
      const deleted = id.success
        ? await store.deleteConnection(id.data).catch(storeUnavailable)
        : false;
      if (!deleted) return sendAdminError(res, 'ADMIN_CONNECTION_NOT_FOUND');
      logger.info(
        { requestId: requestIdOf(res), workspaceId: id.data },
        'connection deleted by admin',
      );
      res.status(204).end();
    })
    .all(methodNotAllowed('GET, HEAD, DELETE'));

  router.use((_req: Request, res: Response) => sendAdminError(res, 'ADMIN_NOT_FOUND'));

  // Express 5 forwards rejected promises here, and the router a path it cannot percent-decode
  // (a URIError with status 400) before any handler runs.
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err instanceof AdminFailure) {
      logger.warn(
        { requestId: requestIdOf(res), errorCode: err.code, err: errorSummary(err.cause) },
        'admin call failed',
      );
      return sendAdminError(res, err.code);
    }
    if (err instanceof URIError || (err as { status?: unknown }).status === 400)
      return sendAdminError(res, 'ADMIN_PATH_INVALID');
    logger.error({ requestId: requestIdOf(res), err: errorSummary(err) }, 'unhandled admin error');
    sendAdminError(res, 'ADMIN_INTERNAL_ERROR');
  });

  return router;
}

/** 405 with the methods the route takes (RFC 9110 §15.5.6 requires `Allow`). */
function methodNotAllowed(allow: string) {
  return (_req: Request, res: Response): void => {
    res.setHeader('Allow', allow);
    sendAdminError(res, 'ADMIN_METHOD_NOT_ALLOWED');
  };
}

/** Dates as ISO strings; the connection object never carries a token. */
function toJson(c: Connection): Record<string, unknown> {
  return {
    workspaceId: c.workspaceId,
    workspaceName: c.workspaceName,
    workspaceSlug: c.workspaceSlug,
    tokenLevel: c.tokenLevel,
    scopes: c.scopes,
    installedBy: c.installedBy,
    installedAt: c.installedAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    health: {
      status: c.health.status,
      statusSince: c.health.statusSince?.toISOString() ?? null,
      lastCheckedAt: c.health.lastCheckedAt?.toISOString() ?? null,
      consecutiveFailures: c.health.consecutiveFailures,
      lastErrorCode: c.health.lastErrorCode,
    },
  };
}
