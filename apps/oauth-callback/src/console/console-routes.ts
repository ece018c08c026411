import { constantTimeEqual } from '@attio-auth/attio-oauth';
import type { RequestThrottle } from '@attio-auth/attio-core';
import express, { Router, type NextFunction, type Request, type Response } from 'express';

import type { AppDeps } from '../app-deps.js';
import { errorSummary } from '../http/error-summary.js';
import { requestIdOf } from '../http/request-id.js';
import type { Metrics } from '../metrics.js';
import { consoleActions } from './console-actions.js';
import { type ConsoleContext, sessionOf } from './console-context.js';
import { consolePages } from './console-pages.js';
import { safeReturnTo } from './console-return-to.js';
import { roleFor } from './console-role.js';
import { consoleSessions, type ConsoleSession } from './console-session.js';
import { oidcSignIn, type OidcSignIn } from './oidc-sign-in.js';
import { CONSOLE_PATH, consolePage } from './views/console-page.js';
import { messageView } from './views/connection-view.js';

/** The console's own CSP: its forms post to itself, it runs no script, nothing frames it. */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

/**
 * The admin console under `/admin/console`: OpenID Connect sign-in (`/login`, `/callback`, `/logout`),
 * then server-rendered pages for viewers and admins (see `console-pages.ts`) and confirmed actions for
 * admins (`console-actions.ts`). Every POST carries the session's CSRF token; a viewer's POST to an
 * action is refused with 403; an expired or missing session answers 401 with a sign-in link.
 * Every answer is `no-store`; the JSON admin API's bearer token plays no part here.
 *
 * @example
 * ```ts
 * app.use('/admin/console', consoleRoutes({ ...deps, metrics, revokePacer }));
 * ```
 */
export function consoleRoutes(
  deps: AppDeps & { readonly metrics: Metrics; readonly revokePacer: RequestThrottle },
  options: { signIn?: OidcSignIn } = {},
): Router {
  const { config, logger } = deps;
  const router = Router();
  const appName = config.branding.appName;
  const consoleConfig = config.admin.console;

  router.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  if (consoleConfig === undefined) {
    router.use((_req: Request, res: Response) => {
      res
        .status(404)
        .type('html')
        .send(
          consolePage({
            title: 'Console is off',
            appName,
            body: messageView({
              kind: 'error',
              text: 'The admin console is not configured (CONSOLE_OIDC_ISSUER is unset).',
            }),
          }),
        );
    });
    return router;
  }

  const now = deps.now ?? Date.now;
  const sessions = consoleSessions(consoleConfig, now);
  const signIn =
    options.signIn ??
    oidcSignIn(consoleConfig, {
      allowInsecure: !consoleConfig.issuer.startsWith('https:'),
      timeoutMs: config.attio.timeoutMs,
    });

  const send: ConsoleContext['send'] = (res, status, title, body) => {
    const session = res.locals['consoleSession'] as ConsoleSession | undefined;
    res
      .status(status)
      .type('html')
      .send(
        consolePage({
          title,
          body,
          appName,
          viewer: session
            ? { label: session.label, role: session.role, csrf: session.csrf }
            : undefined,
        }),
      );
  };
  const ctx: ConsoleContext = { deps, console: consoleConfig, appName, send };

  router.get('/login', async (req: Request, res: Response) => {
    const returnTo = safeReturnTo(req.query['returnTo']);
    const { url, transaction } = await signIn.start(returnTo);
    sessions.saveSignIn(res, transaction);
    res.redirect(303, url);
  });

  router.get('/callback', async (req: Request, res: Response) => {
    const transaction = sessions.takeSignIn(req, res);
    const refuse = (code: string, text: string) =>
      send(
        res,
        401,
        'Sign-in failed',
        messageView({
          kind: 'error',
          text: `${text} (${code})`,
          link: { href: `${CONSOLE_PATH}/login`, label: 'Sign in again' },
        }),
      );
    if (!transaction)
      return refuse(
        'CONSOLE_SIGN_IN_EXPIRED',
        'This sign-in expired or was started in another browser.',
      );
    if (typeof req.query['error'] === 'string')
      return refuse('CONSOLE_SIGN_IN_DENIED', 'The identity provider did not sign you in.');
    const url = new URL(consoleConfig.redirectUri);
    url.search = new URLSearchParams(req.query as Record<string, string>).toString();
    let claims;
    try {
      claims = await signIn.finish(url, transaction);
    } catch (err) {
      logger.warn(
        { requestId: requestIdOf(res), err: errorSummary(err) },
        'console sign-in failed',
      );
      return refuse(
        'CONSOLE_SIGN_IN_FAILED',
        'The sign-in could not be completed (state, nonce or code rejected).',
      );
    }
    const decision = roleFor(consoleConfig, claims);
    if ('refused' in decision) {
      logger.warn(
        { requestId: requestIdOf(res), sub: claims.sub, reason: decision.refused },
        'console sign-in refused',
      );
      return send(
        res,
        403,
        'Not allowed',
        messageView({
          kind: 'error',
          text: `Your account is not allowed into this console (${decision.refused}).`,
        }),
      );
    }
    sessions.start(res, {
      sub: claims.sub,
      label: claims.email ?? claims.name ?? claims.sub,
      role: decision.role,
    });
    logger.info(
      { requestId: requestIdOf(res), sub: claims.sub, role: decision.role },
      'console sign-in',
    );
    res.redirect(303, transaction.returnTo);
  });

  // Everything below needs a live session.
  router.use((req: Request, res: Response, next: NextFunction) => {
    const state = sessions.read(req);
    if (!state.session) {
      if (state.expired) sessions.end(res);
      const returnTo = req.method === 'GET' ? safeReturnTo(req.originalUrl) : CONSOLE_PATH;
      return send(
        res,
        401,
        state.expired ? 'Session expired' : 'Sign in',
        messageView({
          kind: state.expired ? 'error' : 'notice',
          text: state.expired
            ? 'Your session expired. Sign in again to continue.'
            : 'Sign in with your company account to use the console.',
          link: {
            href: `${CONSOLE_PATH}/login?returnTo=${encodeURIComponent(returnTo)}`,
            label: 'Sign in',
          },
        }),
      );
    }
    res.locals['consoleSession'] = state.session;
    sessions.touch(res, state.session);
    next();
  });

  // Every POST: a urlencoded form with the session's CSRF token, checked before any handler.
  router.post(
    /.*/,
    express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }),
    (req: Request, res: Response, next: NextFunction) => {
      const session = sessionOf(res);
      const given = (req.body as Record<string, unknown> | undefined)?.['csrf'];
      if (typeof given !== 'string' || !constantTimeEqual(given, session.csrf)) {
        logger.warn(
          { requestId: requestIdOf(res), sub: session.sub, path: req.path },
          'console CSRF token refused',
        );
        return send(
          res,
          403,
          'Request refused',
          messageView({
            kind: 'error',
            text: 'This form expired or did not come from this console (CONSOLE_CSRF_INVALID). Go back, reload and try again.',
          }),
        );
      }
      next();
    },
  );

  router.post('/logout', (_req: Request, res: Response) => {
    logger.info({ requestId: requestIdOf(res), sub: sessionOf(res).sub }, 'console sign-out');
    sessions.end(res);
    res.locals['consoleSession'] = undefined;
    send(
      res,
      200,
      'Signed out',
      messageView({
        kind: 'notice',
        text: 'You are signed out.',
        link: { href: `${CONSOLE_PATH}/login`, label: 'Sign in again' },
      }),
    );
  });

  router.use(consolePages(ctx));
  router.use(consoleActions(ctx));

  router.use((_req: Request, res: Response) =>
    send(
      res,
      404,
      'Not found',
      messageView({
        kind: 'error',
        text: 'There is no console page here.',
        link: { href: CONSOLE_PATH, label: 'Overview' },
      }),
    ),
  );

  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: unknown }).status;
    if (err instanceof URIError || status === 400 || status === 413)
      return send(
        res,
        status === 413 ? 413 : 400,
        'Bad request',
        messageView({ kind: 'error', text: 'The request could not be read.' }),
      );
    logger.error({ requestId: requestIdOf(res), err: errorSummary(err) }, 'console error');
    send(
      res,
      503,
      'Unavailable',
      messageView({
        kind: 'error',
        text: 'The console could not load this page (store or identity provider unavailable). Try again shortly.',
      }),
    );
  });

  return router;
}
