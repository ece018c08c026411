import type { Request, Response } from 'express';

import type { AppDeps } from '../app-deps.js';
import { serviceFailure } from '../failures/install-failure.js';
import { ServiceFailureCode } from '../failures/service-failure-codes.js';
import { sendFailure } from '../http/send-failure.js';
import { landingPage } from '../views/landing-page.js';

/**
 * `GET /` (under PUBLIC_BASE_URL's path): the landing page with the "Install with Attio" button. With
 * `ANONYMOUS_INSTALL=false` there is nothing to start here: 403 `INSTALL_LINK_REQUIRED`, the page
 * saying installs need a link from the operator.
 *
 * @example
 * ```ts
 * app.get('/', landingRoute(deps));
 * ```
 */
export function landingRoute(deps: AppDeps) {
  const { config } = deps;
  return (req: Request, res: Response): void => {
    if (!config.install.anonymous)
      return sendFailure(req, res, serviceFailure(ServiceFailureCode.LINK_REQUIRED));
    res
      .status(200)
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(landingPage(`${config.http.basePath}/install`, config.branding));
  };
}
