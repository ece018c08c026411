import { terminalSafe } from '@attio-auth/attio-errors';
import { openStore } from '../store/open-store.js';
import type { CommandHandler } from './command.js';

/**
 * `connections restore <workspace>`: brings a soft-deleted connection back (within retention, before
 * a purge). Its token was revoked at Attio unless it was deleted with --no-revoke, so a restored
 * connection usually needs a reconnect link (`install-link --reconnect`) to work again.
 */
export const restoreCommand: CommandHandler = async (ctx) => {
  const workspaceId = (ctx.positionals[0] as string).trim();
  const store = await openStore(ctx.config, ctx.io.cwd);
  try {
    const before = await store.getConnection(workspaceId);
    const restored = await store.restoreConnection(workspaceId);
    const ws = terminalSafe(workspaceId);
    if (!restored) {
      const why =
        before === undefined
          ? `no connection for workspace ${ws} (unknown, or purged already)`
          : `the connection of workspace ${ws} is not deleted`;
      return {
        outcome: 'failed',
        data: { workspaceId, restored: false },
        text: '',
        error: `${why}.`,
      };
    }
    const revoked = before?.deleted?.revoke?.outcome;
    const hint =
      revoked === 'revoked' || revoked === 'already_gone'
        ? ` Its token was revoked at Attio: send a reconnect link (attio-auth install-link --reconnect ${ws} --owner …).`
        : '';
    return {
      outcome: 'ok',
      data: { workspaceId, restored: true, tokenRevoked: hint !== '' },
      text: `✓ restored workspace ${ws}.${hint}\n`,
    };
  } finally {
    await store.close();
  }
};
