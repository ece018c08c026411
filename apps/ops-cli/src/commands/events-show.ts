import { terminalSafe } from '@attio-auth/attio-errors';
import { deliveryLine, deliveryView, eventView } from '../output/event-view.js';
import { openStore } from '../store/open-store.js';
import type { CommandHandler } from './command.js';

/** `events show <event-id>`: the event's body and its delivery log. */
export const eventsShowCommand: CommandHandler = async (ctx) => {
  const eventId = (ctx.positionals[0] as string).trim();
  const store = await openStore(ctx.config, ctx.io.cwd);
  try {
    const event = await store.getEvent(eventId);
    if (event === undefined) {
      return {
        outcome: 'failed',
        data: { eventId, found: false },
        text: `no event ${terminalSafe(eventId)} (list them with attio-auth events list).\n`,
      };
    }
    const deliveries = await store.listDeliveries(event.id);
    const lines = [
      `event       ${event.id} (seq ${event.seq})`,
      `type        ${event.type}`,
      `workspace   ${terminalSafe(event.workspaceId ?? '-')}`,
      `at          ${event.createdAt.toISOString()}`,
      `data        ${terminalSafe(JSON.stringify(event.data))}`,
      `deliveries  ${deliveries.length === 0 ? 'none (not fanned out yet, or no destination matched)' : ''}`.trimEnd(),
      ...deliveries.map(deliveryLine),
    ];
    return {
      outcome: 'ok',
      data: { event: eventView(event), deliveries: deliveries.map(deliveryView) },
      text: `${lines.join('\n')}\n`,
    };
  } finally {
    await store.close();
  }
};
