import { EVENT_TYPES, type EventType } from '@attio-auth/attio-events';
import type { DeliveryState } from '@attio-auth/connection-store';
import { wholeNumber } from '../cli/flag-values.js';
import { UsageError } from '../cli/usage-error.js';
import { eventLine, eventView } from '../output/event-view.js';
import { openStore } from '../store/open-store.js';
import type { CommandHandler } from './command.js';

const STATES: readonly DeliveryState[] = ['pending', 'delivered', 'dead', 'disabled'];

/** `events list`: the newest events of the outbox (filters: --state, --type, --workspace). */
export const eventsListCommand: CommandHandler = async (ctx) => {
  const { values } = ctx;
  const state = values['state'] as string | undefined;
  if (state !== undefined && !STATES.includes(state as DeliveryState)) {
    throw new UsageError(`--state must be one of ${STATES.join(', ')}.`);
  }
  const type = values['type'] as string | undefined;
  if (type !== undefined && !(EVENT_TYPES as readonly string[]).includes(type)) {
    throw new UsageError(`--type must be one of ${EVENT_TYPES.join(', ')}.`);
  }
  const workspace = values['workspace'] as string | undefined;
  const limit = wholeNumber(values['limit'] as string | undefined, {
    name: 'limit',
    fallback: 50,
    min: 1,
    max: 500,
  });
  const store = await openStore(ctx.config, ctx.io.cwd);
  try {
    const events = await store.listEvents({
      limit,
      ...(state ? { deliveryState: state as DeliveryState } : {}),
      ...(type ? { type: type as EventType } : {}),
      ...(workspace ? { workspaceId: workspace.trim() } : {}),
    });
    return {
      outcome: 'ok',
      data: { events: events.map(eventView) },
      text: events.length === 0 ? 'no events.\n' : `${events.map(eventLine).join('\n')}\n`,
    };
  } finally {
    await store.close();
  }
};
