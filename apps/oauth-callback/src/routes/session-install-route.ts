import type { Request, Response } from 'express';

import type { AppDeps } from '../app-deps.js';
import { serviceFailure } from '../failures/install-failure.js';
import { ServiceFailureCode } from '../failures/service-failure-codes.js';
import { errorSummary } from '../http/error-summary.js';
import { requestIdOf } from '../http/request-id.js';
import { sendFailure } from '../http/send-failure.js';
import { startInstall } from '../install/start-install.js';
import type { Metrics } from '../metrics.js';

/** A link id is 32 random bytes in base64url (43 characters); anything else was never issued. */
const LINK_ID = /^[A-Za-z0-9_-]{16,128}$/;

const LINK_FAILURES = {
  used: ServiceFailureCode.LINK_USED,
  expired: ServiceFailureCode.LINK_EXPIRED,
  unknown: ServiceFailureCode.LINK_UNKNOWN,
} as const;

/**
 * `GET /install/s/:id`: an install link from `POST /admin/install-sessions`. Consumes the link (single
 * use: a second open says `INSTALL_LINK_USED`, a late one `INSTALL_LINK_EXPIRED`, a made-up one
 * `INSTALL_LINK_UNKNOWN`), then starts the same consent flow as `/install`, with the link's owner,
 * reconnect workspace and returnTo stored beside the new state (see `install-context.ts`). Works
 * whatever ANONYMOUS_INSTALL says.
 *
 * @example
 * ```ts
 * app.get('/install/s/:id', installSessionRoute(deps, metrics));
 * ```
 */
export function installSessionRoute(deps: AppDeps, metrics: Metrics) {
  const { store, logger } = deps;
  return async (req: Request, res: Response): Promise<void> => {
    const id = req.params['id'];
    if (typeof id !== 'string' || !LINK_ID.test(id))
      return sendFailure(req, res, serviceFailure(ServiceFailureCode.LINK_UNKNOWN));
    let consumed;
    try {
      consumed = await store.consumeInstallSession(id);
    } catch (err) {
      logger.error(
        { requestId: requestIdOf(res), err: errorSummary(err) },
        'could not read install link',
      );
      return sendFailure(req, res, serviceFailure(ServiceFailureCode.STORE_UNAVAILABLE, {}, err));
    }
    if (consumed.outcome !== 'ok') {
      logger.info(
        { requestId: requestIdOf(res), outcome: consumed.outcome },
        'install link refused',
      );
      return sendFailure(req, res, serviceFailure(LINK_FAILURES[consumed.outcome]));
    }
    await startInstall(deps, metrics, req, res, consumed.session);
  };
}
