import { terminalSafe } from '@attio-auth/attio-errors';
import { restoreConnection } from '@attio-auth/connection-lifecycle';
import { openStore } from '../store/open-store.js';
import type { CommandHandler } from './command.js';

/**
 * `connections restore <workspace>`: brings a soft-deleted connection back (within retention, before
 * a purge) with connection-lifecycle's `restoreConnection`. Its token was revoked at Attio unless it
 * was deleted with --no-revoke, so a restored connection usually needs a reconnect link.
 */
export const restoreCommand: CommandHandler = async (ctx) => {
  const workspaceId = (ctx.positionals[0] as string).trim();
  const store = await openStore(ctx.config, ctx.io.cwd);
  try {
    const ws = terminalSafe(workspaceId);
    const { restored, tokenRevoked } = await restoreConnection({ store }, workspaceId);
    if (!restored) {
      const live = (await store.getConnection(workspaceId)) !== undefined;
      const why = live
        ? `the connection of workspace ${ws} is not deleted`
        : `no connection for workspace ${ws} (unknown, or purged already)`;
      return {
        outcome: 'failed',
        data: { workspaceId, restored: false },
        text: '',
        error: `${why}.`,
      };
    }
    const hint = tokenRevoked
      ? ` Its token was revoked at Attio: send a reconnect link (attio-auth install-link --reconnect ${ws} --owner …).`
      : '';
    return {
      outcome: 'ok',
      data: { workspaceId, restored: true, tokenRevoked },
      text: `✓ restored workspace ${ws}.${hint}\n`,
    };
  } finally {
    await store.close();
  }
};
