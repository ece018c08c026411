import type { RequestThrottle } from '@attio-auth/attio-core';
import { constantTimeEqual } from '@attio-auth/attio-oauth';
import {
  deleteConnection,
  restoreConnection,
  type DeleteRevoke,
} from '@attio-auth/connection-lifecycle';
import {
  HEALTH_STATUSES,
  OWNER_LIMITS,
  type Connection,
  type HealthStatus,
} from '@attio-auth/connection-store';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';

import type { AppDeps } from '../app-deps.js';
import { errorSummary } from '../http/error-summary.js';
import { requestIdOf } from '../http/request-id.js';
import { requestLimits } from '../http/request-limits.js';
import { lifecycleDepsFor } from '../lifecycle/lifecycle-deps.js';
import type { Metrics } from '../metrics.js';
import { AdminFailure, sendAdminError } from './admin-errors.js';
import { eventsAdminRoutes } from './events-admin-routes.js';
import { healthHistoryHandler } from './health-history-route.js';
import { installSessionsRoutes } from './install-sessions-routes.js';

const listQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    after: z.string().min(1).max(256).optional(),
    status: z.enum(HEALTH_STATUSES as [HealthStatus, ...HealthStatus[]]).optional(),
    deleted: z.enum(['exclude', 'only', 'include']).default('exclude'),
  })
  .strict();

const ownerValue = z
  .string()
  .min(1)
  .max(OWNER_LIMITS.maxTagValueLength)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/);

const OWNER_PREFIX = 'owner.';

/**
 * Splits `owner.<key>=<value>` filters off the list query: at most OWNER_LIMITS.maxTags, keys as the
 * store allows, one value each. Undefined when any is malformed.
 */
function ownerFilter(query: Record<string, unknown>):
  | {
      tags: Record<string, string>;
      rest: Record<string, unknown>;
    }
  | undefined {
  const tags: Record<string, string> = {};
  const rest: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!name.startsWith(OWNER_PREFIX)) {
      rest[name] = value;
      continue;
    }
    const key = name.slice(OWNER_PREFIX.length);
    const parsed = ownerValue.safeParse(value);
    if (!OWNER_LIMITS.tagKeyPattern.test(key) || !parsed.success) return undefined;
    tags[key] = parsed.data;
  }
  return Object.keys(tags).length > OWNER_LIMITS.maxTags ? undefined : { tags, rest };
}

const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');

const deleteQuery = z
  .object({ purge: booleanParam.default(false), revoke: booleanParam.default(true) })
  .strict();

const workspaceIdParam = z.string().min(1).max(256);

/** A store call failed: the caller gets 503 ADMIN_STORE_UNAVAILABLE, the log the error summary. */
const storeUnavailable = (err: unknown): never => {
  throw new AdminFailure('ADMIN_STORE_UNAVAILABLE', { cause: err });
};

/**
 * Admin API for operators (JSON only), behind `Authorization: Bearer <ADMIN_TOKEN>`:
 * - `GET /admin/connections?limit=&after=&status=&deleted=exclude|only|include&owner.<key>=<value>` →
 *   `{ data: Connection[], nextAfter: string | null }` (no tokens; owner, deletion and revoke outcome);
 * - `GET /admin/connections/:workspaceId` → `{ data: Connection }` (soft-deleted ones too) or 404;
 * - `GET /admin/connections/:workspaceId/history?limit=&before=` → its health status changes, newest
 *   first, `{ data, nextBefore }` (`health-history-route.ts`);
 * - `DELETE /admin/connections/:workspaceId?purge=&revoke=` → revokes the token at Attio first, then
 *   soft-deletes (or purges): 200 `{ data: { workspaceId, deleted, purged, alreadyDeleted, revoke } }`,
 *   or 404 when there is none;
 * - `POST /admin/connections/:workspaceId/restore` → 200 `{ data: Connection, tokenRevoked }`, 404, or
 *   409 ADMIN_CONNECTION_NOT_DELETED for a live one.
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
export function adminRoutes(
  deps: AppDeps & { readonly metrics: Metrics; readonly revokePacer: RequestThrottle },
): Router {
  const { config, store, logger, metrics } = deps;
  const lifecycle = lifecycleDepsFor(deps, deps.revokePacer);
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

  // The delivery log: list, show, replay.
  router.use('/events', eventsAdminRoutes({ store, logger }));

  router
    .route('/connections')
    .get(async (req, res) => {
      const owner = ownerFilter(req.query as Record<string, unknown>);
      const parsed = owner && listQuery.safeParse(owner.rest);
      if (!owner || !parsed?.success) return sendAdminError(res, 'ADMIN_QUERY_INVALID');
      const { limit, after, status, deleted } = parsed.data;
      const rows = await store
        .listConnections({
          limit,
          deleted,
          ...(after ? { afterWorkspaceId: after } : {}),
          ...(status ? { status } : {}),
          ...(Object.keys(owner.tags).length > 0 ? { tags: owner.tags } : {}),
        })
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
      const query = deleteQuery.safeParse(req.query);
      if (!query.success) return sendAdminError(res, 'ADMIN_DELETE_QUERY_INVALID');
      const id = workspaceIdParam.safeParse(req.params['workspaceId']);
      if (!id.success) return sendAdminError(res, 'ADMIN_CONNECTION_NOT_FOUND');
      const result = await deleteConnection(lifecycle, id.data, query.data).catch(storeUnavailable);
      if (!result.found) return sendAdminError(res, 'ADMIN_CONNECTION_NOT_FOUND');
      if (result.revoke)
        metrics.revocations.inc({ outcome: result.revoke.outcome, source: 'delete' });
      if (result.purged) metrics.connectionsPurged.inc();
      logger.info(
        {
          requestId: requestIdOf(res),
          workspaceId: id.data,
          purged: result.purged,
          alreadyDeleted: result.alreadyDeleted,
          revoke: result.revoke?.outcome ?? null,
          revokeError: result.revoke?.error,
        },
        'connection deleted by admin',
      );
      res.setHeader('Cache-Control', 'no-store');
      res.json({
        data: {
          workspaceId: id.data,
          deleted: result.deleted,
          purged: result.purged,
          alreadyDeleted: result.alreadyDeleted,
          revoke: result.revoke ? revokeJson(result.revoke) : null,
        },
      });
    })
    .all(methodNotAllowed('GET, HEAD, DELETE'));

  router
    .route('/connections/:workspaceId/history')
    .get(healthHistoryHandler(store))
    .all(methodNotAllowed('GET, HEAD'));

  router
    .route('/connections/:workspaceId/restore')
    .post(async (req, res) => {
      const id = workspaceIdParam.safeParse(req.params['workspaceId']);
      if (!id.success) return sendAdminError(res, 'ADMIN_CONNECTION_NOT_FOUND');
      if (Object.keys(req.query).length > 0) return sendAdminError(res, 'ADMIN_QUERY_INVALID');
      const before = await store.getConnection(id.data).catch(storeUnavailable);
      if (!before) return sendAdminError(res, 'ADMIN_CONNECTION_NOT_FOUND');
      if (before.deleted === null) return sendAdminError(res, 'ADMIN_CONNECTION_NOT_DELETED');
      const result = await restoreConnection(lifecycle, id.data).catch(storeUnavailable);
      const after = result.restored
        ? await store.getConnection(id.data).catch(storeUnavailable)
        : undefined;
      // Purged (or restored) by someone else between the two reads.
      if (!after) return sendAdminError(res, 'ADMIN_CONNECTION_NOT_FOUND');
      logger.info(
        { requestId: requestIdOf(res), workspaceId: id.data, tokenRevoked: result.tokenRevoked },
        'connection restored by admin',
      );
      res.setHeader('Cache-Control', 'no-store');
      res.json({ data: toJson(after), tokenRevoked: result.tokenRevoked });
    })
    .all(methodNotAllowed('POST'));

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

/** A revoke outcome as the admin API shows it; `error` is an error code, never a message. */
function revokeJson(r: DeleteRevoke): Record<string, unknown> {
  return {
    outcome: r.outcome,
    error: r.error ?? null,
    ...(r.queued ? { queuedForRetry: true } : {}),
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
    owner: { displayName: c.owner.displayName, tags: c.owner.tags },
    // null while live; `revoke` is what revoking the token did when it was deleted (`skipped`: not tried).
    deleted: c.deleted
      ? {
          deletedAt: c.deleted.deletedAt.toISOString(),
          revoke: c.deleted.revoke
            ? { outcome: c.deleted.revoke.outcome, error: c.deleted.revoke.error }
            : { outcome: 'skipped', error: null },
        }
      : null,
  };
}
