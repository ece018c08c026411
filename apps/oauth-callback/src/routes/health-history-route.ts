import type { HealthHistoryEntry } from '@attio-auth/connection-store';
import type { Request, Response } from 'express';
import { z } from 'zod';

import type { CallbackStore } from '../app-deps.js';
import { AdminFailure, sendAdminError } from './admin-errors.js';

/** `before` is the `nextBefore` of the previous page: `<at in epoch ms>.<entry id>`. */
const CURSOR = /^(\d{1,15})\.(\d{1,15})$/;

const historyQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    before: z.string().regex(CURSOR).optional(),
  })
  .strict();

const workspaceIdParam = z.string().min(1).max(256);

/**
 * `GET /admin/connections/:workspaceId/history?limit=&before=` → `{ data: HealthChange[], nextBefore }`:
 * the connection's health status changes, newest first (`from` null for the install itself), with
 * the verdict's reason code and missing scopes; `nextBefore` continues the timeline (null on the last
 * page). 404 when no connection (live or soft-deleted) is stored for the workspace.
 *
 * @example
 * ```ts
 * router.get('/connections/:workspaceId/history', healthHistoryHandler(store));
 * ```
 */
export function healthHistoryHandler(store: CallbackStore) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = historyQuery.safeParse(req.query);
    if (!query.success) return sendAdminError(res, 'ADMIN_HISTORY_QUERY_INVALID');
    const id = workspaceIdParam.safeParse(req.params['workspaceId']);
    if (!id.success) return sendAdminError(res, 'ADMIN_CONNECTION_NOT_FOUND');
    const unavailable = (err: unknown): never => {
      throw new AdminFailure('ADMIN_STORE_UNAVAILABLE', { cause: err });
    };
    const connection = await store.getConnection(id.data).catch(unavailable);
    if (!connection) return sendAdminError(res, 'ADMIN_CONNECTION_NOT_FOUND');
    const { limit, before } = query.data;
    const cursor = before === undefined ? undefined : CURSOR.exec(before);
    const entries = await store
      .healthHistory(id.data, {
        limit,
        ...(cursor ? { before: { at: new Date(Number(cursor[1])), id: Number(cursor[2]) } } : {}),
      })
      .catch(unavailable);
    const last = entries.at(-1);
    res.json({
      data: entries.map(historyJson),
      nextBefore: entries.length === limit && last ? `${last.at.getTime()}.${last.id}` : null,
    });
  };
}

/** One change as the admin API shows it (dates as ISO strings). */
export function historyJson(e: HealthHistoryEntry): Record<string, unknown> {
  return {
    id: e.id,
    from: e.from,
    to: e.to,
    at: e.at.toISOString(),
    reasonCode: e.reasonCode,
    missingScopes: e.missingScopes,
  };
}
