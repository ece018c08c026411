import { followCallback } from '@attio-auth/oauth-callback/testing';

import { requireValue, type TourStep } from '../tour-step.js';

/** Follows the redirect to /oauth/callback with the install cookie; expects the success page. */
export const step: TourStep = {
  title: 'Follow the redirect to /oauth/callback',
  async run(ctx) {
    const result = await followCallback(requireValue(ctx.callbackUrl, 'callbackUrl'), ctx.jar);
    ctx.callbackResult = result;
    const code = /<code id="error-code">([^<]+)<\/code>/.exec(result.body)?.[1];
    if (result.status !== 200) {
      throw new Error(
        `the callback answered ${result.status}${code ? ` ${code}` : ''} instead of the success page`,
      );
    }
    const name = /<span id="workspace-name">([^<]*)<\/span>/.exec(result.body)?.[1];
    ctx.workspaceId = /<code id="workspace-id">([^<]+)<\/code>/.exec(result.body)?.[1];
    if (!name || !ctx.workspaceId) throw new Error('the success page did not name the workspace');
    ctx.say(`200 success page: "Connected to ${name}"`);
  },
};
