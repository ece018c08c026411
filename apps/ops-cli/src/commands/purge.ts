import { purgeExpired } from '@attio-auth/connection-lifecycle';
import { wholeNumber } from '../cli/flag-values.js';
import { openStore } from '../store/open-store.js';
import type { CommandHandler } from './command.js';

const DAY_MS = 86_400_000;

/**
 * `purge [--older-than-days N]`: hard-deletes every connection soft-deleted more than N days ago
 * (default DELETED_RETENTION_DAYS), with its sealed token and tags (connection-lifecycle's
 * `purgeExpired`, the same purge the service runs). Live connections are never touched.
 */
export const purgeCommand: CommandHandler = async (ctx) => {
  const days = wholeNumber(ctx.values['older-than-days'] as string | undefined, {
    name: 'older-than-days',
    fallback: ctx.config.retentionDays,
    min: 0,
    max: 3650,
  });
  const now = new Date(ctx.now());
  const deletedBefore = new Date(now.getTime() - days * DAY_MS);
  const store = await openStore(ctx.config, ctx.io.cwd);
  try {
    const purged = await purgeExpired({ store }, { retentionDays: days, now });
    return {
      outcome: 'ok',
      data: { purged, olderThanDays: days, deletedBefore: deletedBefore.toISOString() },
      text: `✓ purged ${purged} connection${purged === 1 ? '' : 's'} deleted before ${deletedBefore.toISOString()}.\n`,
    };
  } finally {
    await store.close();
  }
};
