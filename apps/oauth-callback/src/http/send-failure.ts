import type { Request, Response } from 'express';

import type { InstallFailure } from '../failures/install-failure.js';
import { failureBody, failurePage } from '../views/failure-page.js';
import type { PageBranding } from '../views/html.js';
import { requestIdOf } from './request-id.js';

/**
 * True when the client asked for JSON rather than a page (`Accept: application/json` ranked above HTML).
 *
 * @example
 * ```ts
 * if (wantsJson(req)) res.json(body); else res.send(page);
 * ```
 */
export function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/**
 * Answers with the failure as a human page or as JSON, with its status and `Cache-Control: no-store`.
 * The page links to the app's `installPath` local (set by `createApp`; `/install` without one;
 * no link when anonymous installs are off) and carries the app's `branding` local.
 *
 * @example
 * ```ts
 * sendFailure(req, res, serviceFailure(ServiceFailureCode.STATE_MISSING));
 * ```
 */
export function sendFailure(req: Request, res: Response, failure: InstallFailure): void {
  const id = requestIdOf(res);
  res.locals['failureCode'] = failure.code;
  res.locals['outcome'] = failure.code;
  res.status(failure.status).setHeader('Cache-Control', 'no-store');
  if (failure.details.retryAfterSeconds !== undefined) {
    res.setHeader('Retry-After', String(failure.details.retryAfterSeconds));
  }
  if (wantsJson(req)) {
    res.json(failureBody(failure, id));
  } else {
    const locals = req.app.locals;
    // Without anonymous installs only a new link from the operator helps: no "start again" button.
    const installPath =
      locals['anonymousInstall'] === false
        ? null
        : ((locals['installPath'] as string | undefined) ?? '/install');
    res
      .type('html')
      .send(failurePage(failure, id, installPath, locals['branding'] as PageBranding | undefined));
  }
}
