import { terminalSafe } from '@attio-auth/attio-errors';
import { openStore } from '../store/open-store.js';
import type { CommandHandler } from './command.js';

/**
 * `events replay <event-id> [--destination id]`: puts dead (or delivered) deliveries back to
 * pending; the running delivery worker sends them again, with the same webhook-id.
 */
export const eventsReplayCommand: CommandHandler = async (ctx) => {
  const eventId = (ctx.positionals[0] as string).trim();
  const destination = (ctx.values['destination'] as string | undefined)?.trim();
  const store = await openStore(ctx.config, ctx.io.cwd);
  try {
    const event = await store.getEvent(eventId);
    if (event === undefined) {
      return {
        outcome: 'failed',
        data: { eventId, found: false, requeued: 0 },
        text: `no event ${terminalSafe(eventId)} (list them with attio-auth events list).\n`,
      };
    }
    const requeued = await store.replayEvent(
      event.id,
      destination ? { destinationId: destination } : {},
    );
    if (requeued === 0) {
      return {
        outcome: 'failed',
        data: { eventId: event.id, found: true, requeued: 0 },
        text: '',
        error:
          `nothing to replay for ${event.id}${destination ? ` to ${terminalSafe(destination)}` : ''}: ` +
          'no such delivery, or it is still pending (see attio-auth events show).',
      };
    }
    return {
      outcome: 'ok',
      data: { eventId: event.id, found: true, requeued },
      text: `re-queued ${requeued} deliver${requeued === 1 ? 'y' : 'ies'} of ${event.id}; the delivery worker sends ${requeued === 1 ? 'it' : 'them'} again.\n`,
    };
  } finally {
    await store.close();
  }
};
