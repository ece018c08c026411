import { alertInbox, healthRound } from '../health-round.js';
import type { TourStep } from '../tour-step.js';

/** A health round right after the install: the new connection is healthy and nobody is paged. */
export const step: TourStep = {
  title: 'Run a token-health round (attio-token-health --once): the new connection is healthy',
  async run(ctx) {
    const inbox = await alertInbox(ctx);
    const exitCode = await healthRound(ctx);
    if (exitCode !== 0)
      throw new Error(`attio-token-health exited ${exitCode}; expected 0 (all healthy)`);
    ctx.say(`exit 0; alerts received so far: ${inbox.alerts.length}`);
    ctx.extras['alertsAfterHealthy'] = inbox.alerts.length;
  },
};
