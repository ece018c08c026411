import { submitConsent } from '@attio-auth/attio-sandbox/testing';

import { requireValue, type TourStep } from '../tour-step.js';

/** Clicks Approve for the first workspace; the sandbox redirects back with a code. */
export const step: TourStep = {
  title: 'Click Approve',
  async run(ctx) {
    const form = requireValue(ctx.consentForm, 'consentForm');
    ctx.callbackUrl = await submitConsent(form, { decision: 'approve' });
    const url = new URL(ctx.callbackUrl);
    ctx.say(
      `302 → ${url.origin}${url.pathname}?code=…&state=… (values not shown: they are secrets)`,
    );
  },
};
