import { wholeNumber } from '../cli/flag-values.js';
import { openStore } from '../store/open-store.js';
import type { CommandHandler } from './command.js';

const DAY_MS = 86_400_000;

/**
 * `purge [--older-than-days N]`: hard-deletes every connection soft-deleted more than N days ago
 * (default DELETED_RETENTION_DAYS), with its sealed token and tags. Live connections are never
 * touched.
 */
export const purgeCommand: CommandHandler = async (ctx) => {
  const days = wholeNumber(ctx.values['older-than-days'] as string | undefined, {
    name: 'older-than-days',
    fallback: ctx.config.retentionDays,
    min: 0,
    max: 3650,
  });
  const deletedBefore = new Date(ctx.now() - days * DAY_MS);
  const store = await openStore(ctx.config, ctx.io.cwd);
  try {
    const purged = await store.purgeDeleted({ deletedBefore });
    return {
      outcome: 'ok',
      data: { purged, olderThanDays: days, deletedBefore: deletedBefore.toISOString() },
      text: `✓ purged ${purged} connection${purged === 1 ? '' : 's'} deleted before ${deletedBefore.toISOString()}.\n`,
    };
  } finally {
    await store.close();
  }
};
