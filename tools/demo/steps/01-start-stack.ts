import { startDemoStack } from '../demo-stack.js';
import type { TourStep } from '../tour-step.js';

/** Starts the sandbox and the callback service (SQLite in a temp dir, generated dev key). */
export const step: TourStep = {
  title: 'Start the Attio sandbox and the OAuth callback service',
  async run(ctx) {
    // warn: the service's request logs would drown the tour; the DEV MODE key warning still shows.
    ctx.stack = await startDemoStack({
      logLevel: (process.env['LOG_LEVEL'] as 'warn' | undefined) ?? 'warn',
    });
    ctx.say(`callback service ${ctx.stack.service.url}, sandbox ${ctx.stack.sandbox.urls.api}`);
    ctx.say(`connections in ${ctx.stack.storeDescription} (deleted when the tour ends)`);
    ctx.say(
      `DEV MODE: tokens encrypted with the generated key in ${ctx.stack.config.store.dataDir}/dev-encryption-key`,
    );
  },
};
