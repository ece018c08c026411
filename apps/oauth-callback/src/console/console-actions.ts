import { randomBytes } from 'node:crypto';

import {
  attemptRevoke,
  deleteConnection,
  restoreConnection,
} from '@attio-auth/connection-lifecycle';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';

import { requestIdOf } from '../http/request-id.js';
import { INSTALL_LINK_TTL } from '../routes/install-sessions-routes.js';
import { lifecycleDepsFor } from '../lifecycle/lifecycle-deps.js';
import { html } from '../views/html.js';
import {
  connectionNotFound,
  consoleError,
  consoleForbidden,
  sessionOf,
  type ConsoleContext,
} from './console-context.js';
import { messageView } from './views/connection-view.js';
import { CONSOLE_PATH } from './views/console-page.js';

const workspaceIdParam = z.string().min(1).max(256);
const eventIdParam = z.string().regex(/^evt_[0-9A-Za-z]{1,64}$/);

/**
 * The console's actions (POST, admins only, CSRF already checked by the router): create a reconnect
 * link, revoke the token at Attio, delete (revoke first, then soft delete), restore, replay an event.
 * Each goes through `@attio-auth/connection-lifecycle` or the store as the JSON admin API does, and is
 * logged with who did it (their `sub`), never with a token.
 *
 * @example
 * ```ts
 * router.use(consoleActions(ctx));
 * ```
 */
export function consoleActions(ctx: ConsoleContext): Router {
  const { deps } = ctx;
  const { store, logger, metrics, config } = deps;
  const lifecycle = lifecycleDepsFor(deps, deps.revokePacer);
  const now = deps.now ?? Date.now;
  const router = Router();

  // Role first: a viewer learns nothing more than "not allowed", whatever the target.
  router.post(/.*/, (_req: Request, res: Response, next) => {
    if (sessionOf(res).role !== 'admin') {
      logger.warn(
        { requestId: requestIdOf(res), sub: sessionOf(res).sub },
        'console action refused: viewer',
      );
      return consoleForbidden(ctx, res);
    }
    next();
  });

  const audit = (res: Response, action: string, fields: Record<string, unknown>) =>
    logger.info(
      { requestId: requestIdOf(res), sub: sessionOf(res).sub, action, ...fields },
      'console action',
    );

  const target = async (req: Request, res: Response) => {
    const id = workspaceIdParam.safeParse(req.params['workspaceId']);
    const connection = id.success ? await store.getConnection(id.data) : undefined;
    if (!connection) {
      connectionNotFound(ctx, res);
      return undefined;
    }
    return {
      connection,
      page: `${CONSOLE_PATH}/connections/${encodeURIComponent(connection.workspaceId)}`,
    };
  };

  router.post('/connections/:workspaceId/reconnect-link', async (req, res) => {
    const found = await target(req, res);
    if (!found) return;
    if (found.connection.deleted)
      return consoleError(
        ctx,
        res,
        409,
        'Not possible',
        'Restore the connection before creating a reconnect link.',
        { href: found.page, label: 'Back to the connection' },
      );
    const id = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now() + INSTALL_LINK_TTL.defaultSeconds * 1000);
    await store.createInstallSession({
      id,
      kind: 'reconnect',
      workspaceId: found.connection.workspaceId,
      returnTo: null,
      expiresAt,
    });
    audit(res, 'reconnect-link', {
      workspaceId: found.connection.workspaceId,
      expiresAt: expiresAt.toISOString(),
    });
    const url = `${config.http.publicBaseUrl.replace(/\/+$/, '')}/install/s/${id}`;
    ctx.send(
      res,
      201,
      'Reconnect link created',
      messageView({
        kind: 'notice',
        text: `Send this link to someone who can authorize the workspace; it works once, until ${expiresAt.toISOString()}.`,
        extra: html`<div class="field"><label for="reconnect-link">Reconnect link (select and copy)</label><input id="reconnect-link" readonly size="80" value="${url}"></div>`,
        link: { href: found.page, label: 'Back to the connection' },
      }),
    );
  });

  router.post('/connections/:workspaceId/revoke-token', async (req, res) => {
    const found = await target(req, res);
    if (!found) return;
    const token = found.connection.deleted
      ? undefined
      : await store.getToken(found.connection.workspaceId);
    if (token === undefined)
      return consoleError(
        ctx,
        res,
        409,
        'Not possible',
        'This connection has no live token to revoke.',
        { href: found.page, label: 'Back to the connection' },
      );
    const result = await attemptRevoke(lifecycle, token);
    metrics.revocations.inc({ outcome: result.outcome, source: 'console' });
    // The connection stays, with a token Attio no longer accepts: the checker rechecks it at once.
    if (result.outcome !== 'failed') {
      deps.observations?.observe({
        workspaceId: found.connection.workspaceId,
        kind: 'inactive',
        at: now(),
      });
    }
    if (result.outcome !== 'failed')
      await store.appendEvents([
        {
          type: 'connection.token_revoked',
          workspaceId: found.connection.workspaceId,
          data: {
            workspace_id: found.connection.workspaceId,
            workspace_name: found.connection.workspaceName,
            reason: 'console',
            outcome: result.outcome,
          },
        },
      ]);
    audit(res, 'revoke-token', {
      workspaceId: found.connection.workspaceId,
      outcome: result.outcome,
      revokeError: result.error,
    });
    ctx.send(
      res,
      result.outcome === 'failed' ? 502 : 200,
      result.outcome === 'failed' ? 'Revoke failed' : 'Token revoked',
      messageView({
        kind: result.outcome === 'failed' ? 'error' : 'notice',
        text:
          result.outcome === 'failed'
            ? `Attio did not confirm the revoke (${result.error ?? 'unknown error'}): the token may still be active. Try again.`
            : result.outcome === 'revoked'
              ? 'Attio revoked the token.'
              : 'Attio no longer knew this token: it is not active.',
        link: { href: found.page, label: 'Back to the connection' },
      }),
    );
  });

  router.post('/connections/:workspaceId/delete', async (req, res) => {
    const found = await target(req, res);
    if (!found) return;
    const result = await deleteConnection(lifecycle, found.connection.workspaceId, {
      revoke: true,
      purge: false,
    });
    if (result.revoke)
      metrics.revocations.inc({ outcome: result.revoke.outcome, source: 'delete' });
    audit(res, 'delete', {
      workspaceId: found.connection.workspaceId,
      alreadyDeleted: result.alreadyDeleted,
      revoke: result.revoke?.outcome ?? null,
    });
    const revoke = result.revoke?.outcome;
    ctx.send(
      res,
      200,
      'Connection deleted',
      messageView({
        kind: 'notice',
        text: result.alreadyDeleted
          ? 'The connection was already deleted.'
          : `The connection is deleted (restorable until the retention period ends). Token: ${revoke === 'failed' ? 'the revoke failed and is queued for retry' : (revoke ?? 'not revoked')}.`,
        link: { href: found.page, label: 'Back to the connection' },
      }),
    );
  });

  router.post('/connections/:workspaceId/restore', async (req, res) => {
    const found = await target(req, res);
    if (!found) return;
    if (!found.connection.deleted)
      return consoleError(ctx, res, 409, 'Not possible', 'This connection is not deleted.', {
        href: found.page,
        label: 'Back to the connection',
      });
    const result = await restoreConnection(lifecycle, found.connection.workspaceId);
    audit(res, 'restore', {
      workspaceId: found.connection.workspaceId,
      restored: result.restored,
      tokenRevoked: result.tokenRevoked,
    });
    ctx.send(
      res,
      result.restored ? 200 : 409,
      result.restored ? 'Connection restored' : 'Not restored',
      messageView({
        kind: result.restored ? 'notice' : 'error',
        text: result.restored
          ? result.tokenRevoked
            ? 'The connection is live again, but its token was revoked: create a reconnect link.'
            : 'The connection is live again.'
          : 'The connection could not be restored (purged or restored meanwhile).',
        link: { href: found.page, label: 'Back to the connection' },
      }),
    );
  });

  router.post('/events/:eventId/replay', async (req, res) => {
    const id = eventIdParam.safeParse(req.params['eventId']);
    const event = id.success ? await store.getEvent(id.data) : undefined;
    if (!event) return consoleError(ctx, res, 404, 'Not found', 'No event has this id.');
    const requeued = await store.replayEvent(event.id);
    audit(res, 'replay', { eventId: event.id, requeued });
    ctx.send(
      res,
      requeued > 0 ? 200 : 409,
      requeued > 0 ? 'Event replayed' : 'Nothing to replay',
      messageView({
        kind: requeued > 0 ? 'notice' : 'error',
        text:
          requeued > 0
            ? `${requeued} deliveries are pending again.`
            : 'No delivery of this event could be re-queued (all still pending).',
        link: { href: `${CONSOLE_PATH}/events`, label: 'Events' },
      }),
    );
  });

  return router;
}
