import { randomBytes } from 'node:crypto';

import { isConnectionStoreError, type OwnerInput } from '@attio-auth/connection-store';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';

import type { AppDeps } from '../app-deps.js';
import { requestIdOf } from '../http/request-id.js';
import { isAllowedReturnTo } from '../install/return-to.js';
import { AdminFailure, sendAdminError } from './admin-errors.js';

/** Default and longest lifetime of an install link. */
export const INSTALL_LINK_TTL = Object.freeze({
  defaultSeconds: 24 * 3600,
  maxSeconds: 7 * 24 * 3600,
});

const body = z
  .object({
    // Checked by the store (it names the offending field or tag key): one set of owner rules.
    owner: z.unknown().optional(),
    returnTo: z.string().min(1).max(2048).optional(),
    expiresInSeconds: z.number().int().min(60).max(INSTALL_LINK_TTL.maxSeconds).optional(),
    reconnect: z.string().min(1).max(256).optional(),
  })
  .strict();

/** Only a JSON body is parsed; anything else is refused before the parser sees it. */
function requireJson(req: Request, res: Response, next: NextFunction): void {
  if (!req.is('application/json')) return sendAdminError(res, 'ADMIN_BODY_INVALID');
  next();
}

/**
 * `POST /admin/install-sessions` (mounted by the admin router, behind its token check): mints a
 * single-use install link → 201 `{ url, expiresAt }`. The link's id is 32 random bytes (base64url);
 * only its hash is stored. `reconnect: <workspaceId>` makes a reconnect link for a stored workspace
 * (the install must come back with that workspace). `returnTo` must match INSTALL_RETURN_TO_ALLOWLIST.
 *
 * @example
 * ```ts
 * router.use('/install-sessions', installSessionsRoutes(deps));
 * ```
 */
export function installSessionsRoutes(deps: AppDeps): Router {
  const { config, store, logger } = deps;
  const now = deps.now ?? Date.now;
  const router = Router();

  router
    .route('/')
    .post(requireJson, express.json({ limit: '16kb', strict: true }), async (req, res) => {
      const parsed = body.safeParse(req.body);
      if (!parsed.success) return sendAdminError(res, 'ADMIN_BODY_INVALID');
      const input = parsed.data;
      if (
        input.returnTo !== undefined &&
        !isAllowedReturnTo(input.returnTo, config.install.returnToAllowlist)
      ) {
        return sendAdminError(res, 'ADMIN_RETURN_TO_NOT_ALLOWED');
      }
      const id = randomBytes(32).toString('base64url');
      const ttlSeconds = input.expiresInSeconds ?? INSTALL_LINK_TTL.defaultSeconds;
      const expiresAt = new Date(now() + ttlSeconds * 1000);
      try {
        await store.createInstallSession({
          id,
          kind: input.reconnect === undefined ? 'install' : 'reconnect',
          workspaceId: input.reconnect ?? null,
          // Unchecked here on purpose: the store checks it at run time and names the bad key.
          ...(input.owner !== undefined ? { owner: input.owner as OwnerInput } : {}),
          returnTo: input.returnTo ?? null,
          expiresAt,
        });
      } catch (err) {
        if (isConnectionStoreError(err) && err.code === 'STORE_OWNER_INVALID')
          return sendAdminError(res, 'ADMIN_OWNER_INVALID', err.message);
        if (isConnectionStoreError(err) && err.code === 'STORE_CONNECTION_NOT_FOUND')
          return sendAdminError(res, 'ADMIN_CONNECTION_NOT_FOUND');
        throw new AdminFailure('ADMIN_STORE_UNAVAILABLE', { cause: err });
      }
      logger.info(
        {
          requestId: requestIdOf(res),
          kind: input.reconnect === undefined ? 'install' : 'reconnect',
          ...(input.reconnect !== undefined ? { workspaceId: input.reconnect } : {}),
          expiresAt: expiresAt.toISOString(),
        },
        'install link created',
      );
      res
        .status(201)
        .setHeader('Cache-Control', 'no-store')
        .json({
          url: `${config.http.publicBaseUrl.replace(/\/+$/, '')}/install/s/${id}`,
          expiresAt: expiresAt.toISOString(),
        });
    })
    .all((_req: Request, res: Response) => {
      res.setHeader('Allow', 'POST');
      sendAdminError(res, 'ADMIN_METHOD_NOT_ALLOWED');
    });

  // The JSON parser's own failures (malformed JSON, wrong charset); its size limit is the admin
  // router's, which answered before this parser ran.
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent || err instanceof AdminFailure) return next(err);
    const type = (err as { type?: unknown }).type;
    if (typeof type === 'string' && type.startsWith('entity.'))
      return sendAdminError(
        res,
        type === 'entity.too.large' ? 'ADMIN_PAYLOAD_TOO_LARGE' : 'ADMIN_BODY_INVALID',
      );
    next(err);
  });

  return router;
}
