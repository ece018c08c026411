import type { DeliveryState, EventDelivery, StoredEvent } from '@attio-auth/connection-store';
import { EVENT_TYPES } from '@attio-auth/attio-events';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';

import type { CallbackStore } from '../app-deps.js';
import type { Logger } from '@attio-auth/attio-core';
import { requestIdOf } from '../http/request-id.js';
import { AdminFailure, sendAdminError } from './admin-errors.js';

const DELIVERY_STATES = ['pending', 'delivered', 'dead', 'disabled'] as const;

const listQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    before: z.coerce.number().int().min(1).optional(),
    state: z.enum(DELIVERY_STATES).optional(),
    type: z.enum(EVENT_TYPES).optional(),
    workspace: z.string().min(1).max(256).optional(),
  })
  .strict();

const replayQuery = z.object({ destination: z.string().min(1).max(64).optional() }).strict();

const eventIdParam = z.string().regex(/^evt_[0-9A-Za-z]{1,64}$/);

const storeUnavailable = (err: unknown): never => {
  throw new AdminFailure('ADMIN_STORE_UNAVAILABLE', { cause: err });
};

/**
 * The delivery log in the admin API (mounted at `/admin/events`, behind the admin token):
 * - `GET /admin/events?state=pending|delivered|dead|disabled&type=&workspace=&before=&limit=` →
 *   `{ data: Event[], nextBefore: number | null }`, newest first (`before` is the `seq` to page from);
 * - `GET /admin/events/:id` → `{ data: Event, deliveries: Delivery[] }` (attempts, state, last status
 *   and error, which never hold a secret) or 404;
 * - `POST /admin/events/:id/replay?destination=<id>` → puts its dead (or delivered) deliveries back
 *   to pending now: `{ data: { eventId, requeued } }`, 404 for an unknown event, or 409 when nothing
 *   was re-queued (no delivery to that destination, or all still pending).
 *
 * @example
 * ```ts
 * router.use('/events', eventsAdminRoutes({ store, logger }));
 * ```
 */
export function eventsAdminRoutes(deps: {
  readonly store: CallbackStore;
  readonly logger: Logger;
}): Router {
  const { store, logger } = deps;
  const router = Router();

  router.get('/', async (req: Request, res: Response) => {
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) return sendAdminError(res, 'ADMIN_EVENTS_QUERY_INVALID');
    const { limit, before, state, type, workspace } = parsed.data;
    const events = await store
      .listEvents({
        limit,
        ...(before !== undefined ? { beforeSeq: before } : {}),
        ...(state ? { deliveryState: state as DeliveryState } : {}),
        ...(type ? { type } : {}),
        ...(workspace ? { workspaceId: workspace } : {}),
      })
      .catch(storeUnavailable);
    const last = events.at(-1);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      data: events.map(eventJson),
      nextBefore: events.length === limit && last ? last.seq : null,
    });
  });

  router.get('/:eventId', async (req: Request, res: Response) => {
    const id = eventIdParam.safeParse(req.params['eventId']);
    if (Object.keys(req.query).length > 0) return sendAdminError(res, 'ADMIN_QUERY_INVALID');
    const event = id.success ? await store.getEvent(id.data).catch(storeUnavailable) : undefined;
    if (!event) return sendAdminError(res, 'ADMIN_EVENT_NOT_FOUND');
    const deliveries = await store.listDeliveries(event.id).catch(storeUnavailable);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ data: eventJson(event), deliveries: deliveries.map(deliveryJson) });
  });

  router.post('/:eventId/replay', async (req: Request, res: Response) => {
    const query = replayQuery.safeParse(req.query);
    if (!query.success) return sendAdminError(res, 'ADMIN_REPLAY_QUERY_INVALID');
    const id = eventIdParam.safeParse(req.params['eventId']);
    const event = id.success ? await store.getEvent(id.data).catch(storeUnavailable) : undefined;
    if (!event) return sendAdminError(res, 'ADMIN_EVENT_NOT_FOUND');
    const destination = query.data.destination;
    const requeued = await store
      .replayEvent(event.id, destination ? { destinationId: destination } : {})
      .catch(storeUnavailable);
    if (requeued === 0) return sendAdminError(res, 'ADMIN_EVENT_NOTHING_TO_REPLAY');
    logger.info(
      {
        requestId: requestIdOf(res),
        eventId: event.id,
        destination: destination ?? null,
        requeued,
      },
      'event replayed by admin',
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json({ data: { eventId: event.id, requeued } });
  });

  return router;
}

/** An event as the admin API shows it: the body destinations get, plus its store order. */
export function eventJson(e: StoredEvent): Record<string, unknown> {
  return {
    id: e.id,
    seq: e.seq,
    type: e.type,
    workspaceId: e.workspaceId,
    timestamp: e.createdAt.toISOString(),
    data: e.data,
  };
}

/** One delivery log entry; `lastError` was masked before it was stored. */
export function deliveryJson(d: EventDelivery): Record<string, unknown> {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    destinationId: d.destinationId,
    state: d.state,
    attempts: d.attempts,
    firstAttemptAt: iso(d.firstAttemptAt),
    lastAttemptAt: iso(d.lastAttemptAt),
    nextAttemptAt: iso(d.nextAttemptAt),
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    deliveredAt: iso(d.deliveredAt),
  };
}
