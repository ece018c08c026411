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
import { takeInstallContext } from '../install/install-context.js';
import { isAllowedReturnTo } from '../install/return-to.js';
import { revokeRefusedToken } from '../install/revoke-refused-token.js';
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
    // An install started from a link carries its owner / reconnect workspace / returnTo (see
    // install-context.ts); one that lost it must not go on as an anonymous install.
    const taken = await takeInstallContext(store, query.state).catch((err: unknown) => {
      throw serviceFailure(ServiceFailureCode.STORE_UNAVAILABLE, {}, err);
    });
    if (taken.outcome === 'lost') return serviceFailure(ServiceFailureCode.LINK_EXPIRED);
    const context = taken.outcome === 'ok' ? taken.context : undefined;

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
    // Refused after the code exchange: Attio has issued a token nobody will store, so it is revoked.
    const refuse = async (refusal: InstallFailure): Promise<InstallFailure> => {
      await revokeRefusedToken({
        token: result.token,
        workspaceId: result.identity.workspaceId,
        refusal: refusal.code,
        revokeUrl: config.oauth.revokeUrl,
        queue: store,
        logger,
        metrics,
        requestId: requestIdOf(res),
        timeoutMs: Math.min(config.attio.timeoutMs, 5_000),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
      return refusal;
    };
    if (result.missingScopes.length > 0) {
      logger.warn(
        {
          requestId: requestIdOf(res),
          workspaceId: result.identity.workspaceId,
          missingScopes: result.missingScopes,
        },
        'install refused: the grant lacks ATTIO_REQUIRED_SCOPES',
      );
      return refuse(
        serviceFailure(ServiceFailureCode.SCOPES_MISSING, { missingScopes: result.missingScopes }),
      );
    }
    if (context?.kind === 'reconnect' && result.identity.workspaceId !== context.workspaceId) {
      logger.warn(
        {
          requestId: requestIdOf(res),
          expectedWorkspaceId: context.workspaceId,
          workspaceId: result.identity.workspaceId,
        },
        'reconnect refused: the user picked another workspace at Attio',
      );
      return refuse(serviceFailure(ServiceFailureCode.WORKSPACE_MISMATCH));
    }
    const saved = await saveInstall(store, result, context?.owner, context?.kind);
    // Read by the access log, which writes one line per callback saying what happened.
    res.locals['workspaceId'] = saved.connection.workspaceId;
    res.locals['outcome'] = saved.reinstall ? 'reinstalled' : 'installed';
    res.setHeader('Cache-Control', 'no-store');
    // The link's returnTo was checked against the allow-list when the link was made; checked again
    // here so a narrowed INSTALL_RETURN_TO_ALLOWLIST also stops links made before.
    const returnTo =
      context?.returnTo && isAllowedReturnTo(context.returnTo, config.install.returnToAllowlist)
        ? context.returnTo
        : config.oauth.postInstallUrl;
    if (returnTo !== undefined) {
      const target = postInstallUrl({
        base: returnTo,
        workspaceId: saved.connection.workspaceId,
        signingKey: config.oauth.postInstallSigningKey,
        now,
      });
      res.redirect(303, target);
    } else if (wantsJson(req)) {
      res.status(200).json(successBody(saved.connection, saved.reinstall));
    } else {
      res
        .status(200)
        .type('html')
        .send(successPage(saved.connection, saved.reinstall, config.branding));
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
        if (result.operatorRemedy !== undefined) {
          logger.warn(
            { requestId: requestIdOf(res), errorCode: result.code, remedy: result.operatorRemedy },
            'install failed',
          );
        }
        sendFailure(req, res, result);
      }
    } catch (err) {
      const failure = failureFromError(err);
      outcome = failure.code;
      if (failure.status >= 500) {
        logger.warn(
          {
            requestId: requestIdOf(res),
            errorCode: failure.code,
            err: errorSummary(err),
            ...(failure.operatorRemedy ? { remedy: failure.operatorRemedy } : {}),
          },
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
