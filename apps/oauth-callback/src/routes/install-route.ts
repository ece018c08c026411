import type { Request, Response } from 'express';

import type { AppDeps } from '../app-deps.js';
import { serviceFailure } from '../failures/install-failure.js';
import { ServiceFailureCode } from '../failures/service-failure-codes.js';
import { sendFailure } from '../http/send-failure.js';
import { startInstall } from '../install/start-install.js';
import type { Metrics } from '../metrics.js';

/**
 * `GET /install`: starts an anonymous install (see `startInstall`). With `ANONYMOUS_INSTALL=false`
 * it answers 403 `INSTALL_LINK_REQUIRED`: installs then need a link from `POST /admin/install-sessions`.
 *
 * @example
 * ```ts
 * app.get('/install', installRoute(deps, metrics));
 * ```
 */
export function installRoute(deps: AppDeps, metrics: Metrics) {
  return async (req: Request, res: Response): Promise<void> => {
    if (!deps.config.install.anonymous)
      return sendFailure(req, res, serviceFailure(ServiceFailureCode.LINK_REQUIRED));
    await startInstall(deps, metrics, req, res);
  };
}
