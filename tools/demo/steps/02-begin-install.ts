import { beginInstall } from '@attio-auth/oauth-callback/testing';

import { requireStack, type TourStep } from '../tour-step.js';

/** `GET /install` as a browser: keeps the install cookie, follows nothing yet. */
export const step: TourStep = {
  title: 'Open /install (the "Install with Attio" button)',
  async run(ctx) {
    const { service } = requireStack(ctx);
    ctx.authorizeUrl = await beginInstall(service.url, ctx.jar);
    const url = new URL(ctx.authorizeUrl);
    ctx.say(
      `302 → ${url.origin}${url.pathname} (state + client_id + redirect_uri; install cookie set, httpOnly)`,
    );
  },
};
