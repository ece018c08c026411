import { openConsent } from '@attio-auth/attio-sandbox/testing';

import { requireValue, type TourStep } from '../tour-step.js';

/** Loads the sandbox consent page and reads its form. */
export const step: TourStep = {
  title: 'Load the consent page',
  async run(ctx) {
    ctx.consentForm = await openConsent(requireValue(ctx.authorizeUrl, 'authorizeUrl'));
    const workspaces = ctx.consentForm.select?.options.map((o) => o.label).join(', ') ?? '(none)';
    ctx.say(
      `form with buttons ${ctx.consentForm.buttons.map((b) => b.label).join(' / ')}; workspaces: ${workspaces}`,
    );
  },
};
