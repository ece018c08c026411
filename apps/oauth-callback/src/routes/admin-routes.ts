import { constantTimeEqual } from '@attio-auth/attio-oauth';
import type { Connection } from '@attio-auth/connection-store';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';

import type { AppDeps } from '../app-deps.js';
import { serviceFailure } from '../failures/install-failure.js';
import { ServiceFailureCode } from '../failures/service-failure-codes.js';
import { requestIdOf } from '../http/request-id.js';
import { sendFailure } from '../http/send-failure.js';

const listQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    after: z.string().min(1).max(256).optional(),
  })
  .strict();

const workspaceIdParam = z.string().min(1).max(256);

/**
 * Admin API for operators (JSON only), behind `Authorization: Bearer <ADMIN_TOKEN>`:
 * - `GET /admin/connections?limit=&after=` → `{ data: Connection[], nextAfter: string | null }` (no tokens);
 * - `GET /admin/connections/:workspaceId` → `{ data: Connection }` or 404;
 * - `DELETE /admin/connections/:workspaceId` → 204, or 404 when there was none.
 * The token is compared in constant time; without ADMIN_TOKEN every call answers 503 ADMIN_DISABLED.
 *
 * @example
 * ```ts
 * app.use('/admin', adminRoutes(deps));
 * ```
 */
export function adminRoutes(deps: AppDeps): Router {
  const { config, store, logger } = deps;
  const router = Router();

  router.use((req: Request, res: Response, next: NextFunction) => {
    if (config.admin.token === undefined)
      return sendFailure(req, res, serviceFailure(ServiceFailureCode.ADMIN_DISABLED));
    const header = req.get('authorization') ?? '';
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match || !constantTimeEqual(match[1] as string, config.admin.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="oauth-callback-admin"');
      return sendFailure(req, res, serviceFailure(ServiceFailureCode.ADMIN_UNAUTHORIZED));
    }
    next();
  });

  router.get('/connections', async (req, res) => {
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).json({
        error: {
          code: 'ADMIN_QUERY_INVALID',
          message:
            'limit must be an integer from 1 to 500 and after a workspace id; no other parameters.',
          requestId: requestIdOf(res),
        },
      });
      return;
    }
    const { limit, after } = parsed.data;
    const rows = await store.listConnections({
      limit,
      ...(after ? { afterWorkspaceId: after } : {}),
    });
    const last = rows.at(-1);
    res.json({
      data: rows.map(toJson),
      nextAfter: rows.length === limit && last ? last.workspaceId : null,
    });
  });

  router.get('/connections/:workspaceId', async (req, res) => {
    const id = workspaceIdParam.safeParse(req.params['workspaceId']);
    const connection = id.success ? await store.getConnection(id.data) : undefined;
    if (!connection) return notFound(res);
    res.json({ data: toJson(connection) });
  });

  router.delete('/connections/:workspaceId', async (req, res) => {
    const id = workspaceIdParam.safeParse(req.params['workspaceId']);
    const deleted = id.success ? await store.deleteConnection(id.data) : false;
    if (!deleted) return notFound(res);
    logger.info(
      { requestId: requestIdOf(res), workspaceId: id.data },
      'connection deleted by admin',
    );
    res.status(204).end();
  });

  return router;
}

function notFound(res: Response): void {
  res.status(404).json({
    error: {
      code: 'CONNECTION_NOT_FOUND',
      message: 'No connection for this workspace id.',
      requestId: requestIdOf(res),
    },
  });
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
