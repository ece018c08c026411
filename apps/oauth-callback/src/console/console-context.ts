import type { RequestThrottle } from '@attio-auth/attio-core';
import type { Response } from 'express';

import type { AppDeps } from '../app-deps.js';
import type { Metrics } from '../metrics.js';
import type { SafeHtml } from '../views/html.js';
import type { ConsoleConfig } from './console-config.js';
import type { ConsoleSession } from './console-session.js';
import { messageView } from './views/connection-view.js';
import { CONSOLE_PATH } from './views/console-page.js';

/** Everything a console handler needs. */
export interface ConsoleContext {
  readonly deps: AppDeps & { readonly metrics: Metrics; readonly revokePacer: RequestThrottle };
  readonly console: ConsoleConfig;
  readonly appName: string;
  /** Sends a console page with this status (the viewer's banner when signed in). */
  send(res: Response, status: number, title: string, body: SafeHtml): void;
}

/** The session of a request that passed `signedIn` (see {@link consoleRoutes}). */
export function sessionOf(res: Response): ConsoleSession {
  return res.locals['consoleSession'] as ConsoleSession;
}

/** 403: the signed-in person's role may not do this. */
export function consoleForbidden(ctx: ConsoleContext, res: Response): void {
  ctx.send(
    res,
    403,
    'Not allowed',
    messageView({
      kind: 'error',
      text: 'This needs the admin role (CONSOLE_FORBIDDEN).',
      link: { href: CONSOLE_PATH, label: 'Overview' },
    }),
  );
}

/** An error page (404 not found, 409 not possible, …) with an optional link back. */
export function consoleError(
  ctx: ConsoleContext,
  res: Response,
  status: number,
  title: string,
  text: string,
  link?: { readonly href: string; readonly label: string },
): void {
  ctx.send(res, status, title, messageView({ kind: 'error', text, ...(link ? { link } : {}) }));
}

/** 404: no connection has the workspace id of the path. */
export function connectionNotFound(ctx: ConsoleContext, res: Response): void {
  consoleError(ctx, res, 404, 'Not found', 'No connection has this workspace id.', {
    href: `${CONSOLE_PATH}/connections`,
    label: 'Connections',
  });
}
