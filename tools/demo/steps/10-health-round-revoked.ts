import { alertInbox, healthRound } from '../health-round.js';
import type { TourStep } from '../tour-step.js';

/** The next round finds the revoked token, stores the status and sends exactly one alert. */
export const step: TourStep = {
  title: 'Run the next health round: revoked, and one alert reaches the local webhook receiver',
  async run(ctx) {
    const inbox = await alertInbox(ctx);
    const before = (ctx.extras['alertsAfterHealthy'] as number | undefined) ?? 0;
    const exitCode = await healthRound(ctx);
    if (exitCode !== 1)
      throw new Error(`attio-token-health exited ${exitCode}; expected 1 (a revoked token)`);
    const fresh = inbox.alerts.slice(before);
    if (fresh.length !== 1)
      throw new Error(`expected exactly 1 new alert, the webhook received ${fresh.length}`);
    ctx.say(`exit 1; alert received: ${String(fresh[0]?.text ?? JSON.stringify(fresh[0]))}`);
  },
};
