import { oauthErrorFromRedirect } from '@attio-auth/attio-errors';
import { completeInstall } from '@attio-auth/attio-oauth';
import type { Request, Response } from 'express';

import type { AppDeps } from '../app-deps.js';
import {
  failureFromError,
  serviceFailure,
  type InstallFailure,
} from '../failures/install-failure.js';
import { ServiceFailureCode } from '../failures/service-failure-codes.js';
import { readCookie } from '../http/cookies.js';
import { errorSummary } from '../http/error-summary.js';
import { requestIdOf } from '../http/request-id.js';
import { sendFailure, wantsJson } from '../http/send-failure.js';
import { consumeState } from '../install/consume-state.js';
import { installCookieName, installCookiePath } from '../install/install-cookie.js';
import { postInstallUrl } from '../install/post-install-url.js';
import { saveInstall } from '../install/save-install.js';
import type { Metrics } from '../metrics.js';
import { successBody, successPage } from '../views/success-page.js';
import { callbackQuerySchema } from './callback-query.js';

/**
 * `GET /oauth/callback`: validates the query, consumes the state (single use, bound to the cookie),
 * then exchanges the code, identifies the workspace with `/v2/self`, checks scopes and stores the
 * connection. Answers with the success page (or a redirect to POST_INSTALL_URL) or a failure page
 * with its code and remedy. Nothing is stored unless every step succeeded.
 *
 * @example
 * ```ts
 * app.get('/oauth/callback', callbackRoute(deps, metrics));
 * ```
 */
export function callbackRoute(deps: AppDeps, metrics: Metrics) {
  const { config, store, logger } = deps;
  const now = deps.now ?? Date.now;

  async function handle(
    req: Request,
    res: Response,
  ): Promise<InstallFailure | 'installed' | 'reinstalled'> {
    const parsed = callbackQuerySchema.safeParse(req.query);
    if (!parsed.success) return serviceFailure(ServiceFailureCode.QUERY_INVALID);
    const query = parsed.data;
    if (query.state === undefined) return serviceFailure(ServiceFailureCode.STATE_MISSING);

    // This state's cookie has done its job once the state is consumed, whatever happens next. Only
    // this state's: a junk or foreign state (a cross-site link, another tab) clears nothing else.
    const cookieName = installCookieName(query.state);
    const cookie = readCookie(req.headers.cookie, cookieName);
    if (cookie !== undefined) {
      res.clearCookie(cookieName, {
        path: installCookiePath(config.http.basePath),
        httpOnly: true,
        sameSite: 'lax',
        secure: config.http.cookieSecure,
      });
    }
    const failure = await consumeState({
      store,
      state: query.state,
      cookie,
      now: new Date(now()),
    }).catch((err: unknown) => {
      throw serviceFailure(ServiceFailureCode.STORE_UNAVAILABLE, {}, err);
    });
    if (failure) return failure;

    if (query.error !== undefined)
      return failureFromError(oauthErrorFromRedirect(query.error, query.error_description));
    if (query.code === undefined) return serviceFailure(ServiceFailureCode.CODE_MISSING);

    const result = await completeInstall({
      code: query.code,
      clientId: config.oauth.clientId,
      clientSecret: config.oauth.clientSecret,
      redirectUri: config.oauth.redirectUri,
      tokenUrl: config.oauth.tokenUrl,
      apiBaseUrl: config.attio.apiBaseUrl,
      requiredScopes: [...config.oauth.requiredScopes],
      timeoutMs: config.attio.timeoutMs,
      // /v2/self is idempotent: a short retry rides out a blip while the user waits on the page.
      retry: { retries: 2, baseDelayMs: 200, maxDelayMs: 1_000 },
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    if (result.missingScopes.length > 0) {
      return serviceFailure(ServiceFailureCode.SCOPES_MISSING, {
        missingScopes: result.missingScopes,
      });
    }
    const saved = await saveInstall(store, result);
    // Read by the access log, which writes one line per callback saying what happened.
    res.locals['workspaceId'] = saved.connection.workspaceId;
    res.locals['outcome'] = saved.reinstall ? 'reinstalled' : 'installed';
    res.setHeader('Cache-Control', 'no-store');
    if (config.oauth.postInstallUrl !== undefined) {
      const target = postInstallUrl({
        base: config.oauth.postInstallUrl,
        workspaceId: saved.connection.workspaceId,
        signingKey: config.oauth.postInstallSigningKey,
        now,
      });
      res.redirect(303, target);
    } else if (wantsJson(req)) {
      res.status(200).json(successBody(saved.connection, saved.reinstall));
    } else {
      res.status(200).type('html').send(successPage(saved.connection, saved.reinstall));
    }
    return saved.reinstall ? 'reinstalled' : 'installed';
  }

  return async (req: Request, res: Response): Promise<void> => {
    const stopTimer = metrics.installDuration.startTimer();
    let outcome: string;
    try {
      const result = await handle(req, res);
      if (typeof result === 'string') {
        outcome = result;
      } else {
        outcome = result.code;
        sendFailure(req, res, result);
      }
    } catch (err) {
      const failure = failureFromError(err);
      outcome = failure.code;
      if (failure.status >= 500) {
        logger.warn(
          { requestId: requestIdOf(res), errorCode: failure.code, err: errorSummary(err) },
          'install failed',
        );
      }
      if (!res.headersSent) sendFailure(req, res, failure);
    }
    metrics.installs.inc({ outcome });
    stopTimer({
      result: outcome === 'installed' || outcome === 'reinstalled' ? 'success' : 'failure',
    });
  };
}
