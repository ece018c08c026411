import { buildAuthorizeUrl, createInstallCookie } from '@attio-auth/attio-oauth';
import { isConnectionStoreError } from '@attio-auth/connection-store';
import type { Request, Response } from 'express';

import type { AppDeps } from '../app-deps.js';
import { serviceFailure } from '../failures/install-failure.js';
import { ServiceFailureCode } from '../failures/service-failure-codes.js';
import { errorSummary } from '../http/error-summary.js';
import { requestIdOf } from '../http/request-id.js';
import { sendFailure } from '../http/send-failure.js';
import type { Metrics } from '../metrics.js';
import { bindInstallContext, stateFor, type InstallContext } from './install-context.js';
import { installCookieName, installCookiePath } from './install-cookie.js';

/**
 * Starts an install: stores a fresh `state` server-side (single use, `STATE_TTL_SECONDS`), and the
 * link's context beside it when there is one, binds the state to this browser with an httpOnly
 * SameSite=Lax cookie of its own (only its hash is stored), and redirects (302) to Attio's consent page.
 *
 * @example
 * ```ts
 * await startInstall(deps, metrics, req, res); // the bare /install
 * ```
 */
export async function startInstall(
  deps: AppDeps,
  metrics: Metrics,
  req: Request,
  res: Response,
  context?: InstallContext,
): Promise<void> {
  const { config, store, logger } = deps;
  const now = deps.now ?? Date.now;
  const state = stateFor(context);
  const expiresAt = new Date(now() + config.oauth.stateTtlMs);
  const cookie = createInstallCookie(state, expiresAt);
  try {
    // The context first: a state is only ever stored with its context in place.
    if (context !== undefined) {
      // It outlives the state a little, so the state's own expiry decides what the callback says.
      const contextExpiry = new Date(expiresAt.getTime() + config.oauth.stateTtlMs);
      await bindInstallContext(store, state, context, contextExpiry);
    }
    await store.createState({ state, bindingHash: cookie.bindingHash, expiresAt });
  } catch (err) {
    // A reconnect link whose workspace was deleted since: the link no longer stands for anything.
    if (isConnectionStoreError(err) && err.code === 'STORE_CONNECTION_NOT_FOUND') {
      logger.warn(
        { requestId: requestIdOf(res), workspaceId: context?.workspaceId },
        'reconnect link for a workspace that is no longer stored',
      );
      return sendFailure(req, res, serviceFailure(ServiceFailureCode.LINK_UNKNOWN));
    }
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
}
