import {
  DELIVERY_STATES,
  HEALTH_STATUSES,
  type DeliveryState,
  type EventDelivery,
} from '@attio-auth/connection-store';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';

import { connectionsPage, connectionsQuery, storeFilter } from './connection-query.js';
import {
  connectionNotFound,
  consoleError,
  consoleForbidden as forbidden,
  sessionOf,
  type ConsoleContext,
} from './console-context.js';
import { csvLine } from './csv.js';
import { connectionsView } from './views/connections-view.js';
import {
  CONNECTION_ACTIONS,
  confirmView,
  connectionView,
  type ConnectionAction,
} from './views/connection-view.js';
import { CONSOLE_PATH } from './views/console-page.js';
import { eventsView } from './views/events-view.js';
import { overviewView } from './views/overview-view.js';

const workspaceIdParam = z.string().min(1).max(256);
const eventIdParam = z.string().regex(/^evt_[0-9A-Za-z]{1,64}$/);
const eventsQuery = z
  .object({
    state: z.enum(DELIVERY_STATES as [DeliveryState, ...DeliveryState[]]).default('dead'),
    before: z.coerce.number().int().min(1).optional(),
  })
  .strict();
const EVENTS_PAGE = 50;
const CONNECTION_EVENTS = 50;
const HISTORY_ENTRIES = 100;
const TREND_MS = 7 * 24 * 3600_000;

const CONFIRM: Record<
  ConnectionAction,
  { question: (name: string) => string; explain: string; danger: boolean }
> = {
  'reconnect-link': {
    question: (n) => `Create a reconnect link for ${n}?`,
    explain:
      'The link lets someone re-authorize this workspace at Attio within 24 hours; it is shown once.',
    danger: false,
  },
  'revoke-token': {
    question: (n) => `Revoke the token of ${n} at Attio?`,
    explain:
      'Attio stops accepting the stored token at once; the connection stays, and the next health round marks it revoked until someone reconnects.',
    danger: true,
  },
  delete: {
    question: (n) => `Delete ${n}?`,
    explain:
      'The token is revoked at Attio first, then the connection is soft-deleted: it can be restored until the retention period ends.',
    danger: true,
  },
  restore: {
    question: (n) => `Restore ${n}?`,
    explain:
      'The connection becomes live again; if its token was revoked when it was deleted, it needs a reconnect.',
    danger: false,
  },
};

function badRequest(ctx: ConsoleContext, res: Response): void {
  consoleError(
    ctx,
    res,
    400,
    'Bad request',
    'A filter or parameter is not valid (CONSOLE_QUERY_INVALID).',
    { href: CONSOLE_PATH, label: 'Overview' },
  );
}

/**
 * The console's read pages (any signed-in role): overview, connections table and its CSV export,
 * a connection's page, the events page; and the confirm pages of actions (admins only).
 *
 * @example
 * ```ts
 * router.use(consolePages(ctx));
 * ```
 */
export function consolePages(ctx: ConsoleContext): Router {
  const { store } = ctx.deps;
  const router = Router();

  router.get('/', async (req: Request, res: Response) => {
    if (Object.keys(req.query).length > 0) return badRequest(ctx, res);
    const to = new Date((ctx.deps.now ?? Date.now)());
    const [deletedCount, deliveries, [unreachable], [reachable], recentEvents, trend, [lastRound]] =
      await Promise.all([
        store.countConnections({ deleted: 'only' }),
        store.countDeliveries(),
        store.listEvents({ type: 'attio.unreachable', limit: 1 }),
        store.listEvents({ type: 'attio.reachable', limit: 1 }),
        store.listEvents({ limit: 10 }),
        // Seven days in 28 periods of six hours: two aggregate queries whatever the store's size.
        store.statusCountsOverTime({ from: new Date(to.getTime() - TREND_MS), to, buckets: 28 }),
        store.lastRounds(1),
      ]);
    // The counts now are the trend's last point (live connections by status at `to`, this request's
    // time): six status counts fewer took the overview's p95 at 100,000 connections on SQLite from
    // 556 ms to 203 ms (target 300 ms; PostgreSQL 228 → 216 ms), see tools/bench/console.bench.ts.
    const last = trend.points.at(-1);
    const counts = HEALTH_STATUSES.map((status) => ({ status, count: last?.counts[status] ?? 0 }));
    const attioIncident =
      unreachable && (!reachable || reachable.seq < unreachable.seq) ? unreachable : undefined;
    ctx.send(
      res,
      200,
      'Overview',
      overviewView({
        counts,
        deletedCount,
        deliveries,
        attioIncident,
        recentEvents,
        trend,
        lastRound,
      }),
    );
  });

  router.get('/connections', async (req: Request, res: Response) => {
    const query = connectionsQuery.safeParse(req.query);
    if (!query.success) return badRequest(ctx, res);
    ctx.send(
      res,
      200,
      'Connections',
      connectionsView(query.data, await connectionsPage(store, query.data)),
    );
  });

  router.get('/connections.csv', async (req: Request, res: Response) => {
    const parsed = connectionsQuery.omit({ after: true }).safeParse(req.query);
    if (!parsed.success) return badRequest(ctx, res);
    const query = parsed.data;
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', 'attachment; filename="connections.csv"');
    res.write(
      csvLine([
        'workspace_id',
        'workspace_name',
        'workspace_slug',
        'status',
        'status_since',
        'last_checked_at',
        'missing_scopes',
        'owner',
        'owner_tags',
        'deleted_at',
      ]),
    );
    for await (const c of store.iterateConnections({
      ...storeFilter({ ...query }),
      batchSize: 500,
    })) {
      res.write(
        csvLine([
          c.workspaceId,
          c.workspaceName,
          c.workspaceSlug,
          c.health.status,
          c.health.statusSince?.toISOString(),
          c.health.lastCheckedAt?.toISOString(),
          c.health.missingScopes.join(' '),
          c.owner.displayName,
          Object.entries(c.owner.tags)
            .map(([k, v]) => `${k}=${v}`)
            .join(' '),
          c.deleted?.deletedAt.toISOString(),
        ]),
      );
    }
    res.end();
  });

  router.get('/connections/:workspaceId', async (req: Request, res: Response) => {
    const id = workspaceIdParam.safeParse(req.params['workspaceId']);
    if (!id.success || Object.keys(req.query).length > 0) return badRequest(ctx, res);
    const connection = await store.getConnection(id.data);
    if (!connection) return connectionNotFound(ctx, res);
    const [events, entries] = await Promise.all([
      store.listEvents({ workspaceId: id.data, limit: CONNECTION_EVENTS }),
      store.healthHistory(id.data, { limit: HISTORY_ENTRIES }),
    ]);
    const deliveries = new Map<string, EventDelivery[]>();
    for (const e of events.slice(0, 20)) deliveries.set(e.id, await store.listDeliveries(e.id));
    ctx.send(
      res,
      200,
      connection.workspaceName ?? connection.workspaceId,
      connectionView(connection, events, deliveries, sessionOf(res).role, {
        entries,
        now: new Date((ctx.deps.now ?? Date.now)()),
      }),
    );
  });

  router.get('/connections/:workspaceId/confirm/:action', async (req: Request, res: Response) => {
    const id = workspaceIdParam.safeParse(req.params['workspaceId']);
    const action = req.params['action'] as ConnectionAction;
    if (
      !id.success ||
      !Object.hasOwn(CONNECTION_ACTIONS, action) ||
      Object.keys(req.query).length > 0
    )
      return badRequest(ctx, res);
    if (sessionOf(res).role !== 'admin') return forbidden(ctx, res);
    const connection = await store.getConnection(id.data);
    if (!connection) return connectionNotFound(ctx, res);
    const base = `${CONSOLE_PATH}/connections/${encodeURIComponent(id.data)}`;
    const confirm = CONFIRM[action];
    ctx.send(
      res,
      200,
      `Confirm: ${CONNECTION_ACTIONS[action].label.toLowerCase()}`,
      confirmView({
        question: confirm.question(connection.workspaceName ?? connection.workspaceId),
        explain: confirm.explain,
        action: `${base}/${action}`,
        button: CONNECTION_ACTIONS[action].label,
        csrf: sessionOf(res).csrf,
        back: base,
        danger: confirm.danger,
      }),
    );
  });

  router.get('/events', async (req: Request, res: Response) => {
    const query = eventsQuery.safeParse(req.query);
    if (!query.success) return badRequest(ctx, res);
    const { state, before } = query.data;
    const events = await store.listEvents({
      deliveryState: state,
      limit: EVENTS_PAGE,
      ...(before ? { beforeSeq: before } : {}),
    });
    const last = events.at(-1);
    ctx.send(
      res,
      200,
      'Events',
      eventsView(
        state,
        events,
        events.length === EVENTS_PAGE && last ? last.seq : null,
        sessionOf(res).role,
      ),
    );
  });

  router.get('/events/:eventId/confirm-replay', async (req: Request, res: Response) => {
    const id = eventIdParam.safeParse(req.params['eventId']);
    if (!id.success || Object.keys(req.query).length > 0) return badRequest(ctx, res);
    if (sessionOf(res).role !== 'admin') return forbidden(ctx, res);
    const event = await store.getEvent(id.data);
    if (!event) return consoleError(ctx, res, 404, 'Not found', 'No event has this id.');
    ctx.send(
      res,
      200,
      'Confirm: replay event',
      confirmView({
        question: `Replay ${event.type} (${event.id})?`,
        explain:
          'Its dead, disabled or delivered deliveries go back to pending and are sent again now, with the same id (receivers deduplicate by it).',
        action: `${CONSOLE_PATH}/events/${event.id}/replay`,
        button: 'Replay event',
        csrf: sessionOf(res).csrf,
        back: `${CONSOLE_PATH}/events`,
        danger: false,
      }),
    );
  });

  return router;
}
