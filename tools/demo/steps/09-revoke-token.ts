import { requireStack, requireValue, type TourStep } from '../tour-step.js';

/** What an admin does in Attio's settings (or an uninstall does): the stored token stops working. */
export const step: TourStep = {
  title: 'Revoke the installed token in the sandbox (as a workspace admin would)',
  async run(ctx) {
    const { sandbox, service } = requireStack(ctx);
    const workspaceId = requireValue(ctx.workspaceId, 'workspaceId');
    const token = await service.store.getToken(workspaceId);
    if (!token) throw new Error(`no stored token for workspace ${workspaceId}`);
    sandbox.admin.revokeToken(token);
    ctx.say(`token of workspace ${workspaceId} revoked; /v2/self now answers {"active": false}`);
  },
};
