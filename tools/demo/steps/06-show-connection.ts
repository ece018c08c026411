import { requireStack, requireValue, type TourStep } from '../tour-step.js';

/** Prints the stored connection as the store returns it: never the token. */
export const step: TourStep = {
  title: 'Show the stored connection (the token stays encrypted in the store)',
  async run(ctx) {
    const { service } = requireStack(ctx);
    const workspaceId = requireValue(ctx.workspaceId, 'workspaceId');
    const connection = await service.store.getConnection(workspaceId);
    if (!connection) throw new Error(`no connection was stored for workspace ${workspaceId}`);
    const token = await service.store.getToken(workspaceId);
    const shown = JSON.stringify(connection, null, 2);
    if (token && shown.includes(token))
      throw new Error('refusing to print: the connection contains the token');
    for (const line of shown.split('\n')) ctx.say(line);
    ctx.say(
      `token: stored encrypted (AES-256-GCM), ${token ? 'decryptable with the dev key' : 'MISSING'}; not printed`,
    );
  },
};
