import { buildAuthorizeUrl, createInstallCookie, createState } from '@attio-auth/attio-oauth';
import type { Request, Response } from 'express';

import type { AppDeps } from '../app-deps.js';
import { serviceFailure } from '../failures/install-failure.js';
import { ServiceFailureCode } from '../failures/service-failure-codes.js';
import { installCookieName, installCookiePath } from '../install/install-cookie.js';
import type { Metrics } from '../metrics.js';
import { errorSummary } from '../http/error-summary.js';
import { requestIdOf } from '../http/request-id.js';
import { sendFailure } from '../http/send-failure.js';

/**
 * `GET /install`: starts an install. Stores a fresh `state` server-side (single use, `STATE_TTL_SECONDS`),
 * binds it to this browser with an httpOnly SameSite=Lax cookie of its own (only its hash is stored),
 * and redirects (302) to Attio's consent page.
 *
 * @example
 * ```ts
 * app.get('/install', installRoute(deps, metrics));
 * ```
 */
export function installRoute(deps: AppDeps, metrics: Metrics) {
  const { config, store, logger } = deps;
  const now = deps.now ?? Date.now;
  return async (req: Request, res: Response): Promise<void> => {
    const state = createState();
    const expiresAt = new Date(now() + config.oauth.stateTtlMs);
    const cookie = createInstallCookie(state, expiresAt);
    try {
      await store.createState({ state, bindingHash: cookie.bindingHash, expiresAt });
    } catch (err) {
      logger.error(
        { requestId: requestIdOf(res), err: errorSummary(err) },
        'could not store install state',
      );
      return sendFailure(req, res, serviceFailure(ServiceFailureCode.STORE_UNAVAILABLE, {}, err));
    }
    // One cookie per install (named after its state), so installs in other tabs stay untouched.
    res.cookie(installCookieName(state), cookie.value, {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.http.cookieSecure,
      path: installCookiePath(config.http.basePath),
      // Outlives the state a little, so a late callback is told "expired", not "cookie missing";
      // the browser drops it after that, which bounds how many a browser holds (see the README).
      maxAge: config.oauth.stateTtlMs * 2,
    });
    res.setHeader('Cache-Control', 'no-store');
    metrics.installsStarted.inc();
    res.redirect(
      302,
      buildAuthorizeUrl({
        clientId: config.oauth.clientId,
        redirectUri: config.oauth.redirectUri,
        state,
        authorizeUrl: config.oauth.authorizeUrl,
      }),
    );
  };
}
