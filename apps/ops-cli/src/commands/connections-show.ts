import { terminalSafe } from '@attio-auth/attio-errors';
import { connectionView, revocationView, tagsText } from '../output/connection-view.js';
import { historyView, timelineLine } from '../output/history-view.js';
import { openStore } from '../store/open-store.js';
import type { CommandHandler } from './command.js';

/** How many health status changes `show` prints, newest first (the admin API pages through all). */
export const TIMELINE_LENGTH = 20;

/** `connections show <workspace>`: one connection (deleted ones too), its revocations and its health timeline. */
export const showCommand: CommandHandler = async (ctx) => {
  const workspaceId = (ctx.positionals[0] as string).trim();
  const store = await openStore(ctx.config, ctx.io.cwd);
  try {
    const connection = await store.getConnection(workspaceId);
    if (connection === undefined) {
      return {
        outcome: 'failed',
        data: { workspaceId, found: false },
        text: `no connection for workspace ${terminalSafe(workspaceId)}.\n`,
      };
    }
    const view = connectionView(connection);
    const revocations = (await store.listRevocations({ workspaceId })).map(revocationView);
    const timeline = (await store.healthHistory(workspaceId, { limit: TIMELINE_LENGTH })).map(
      historyView,
    );
    const lines = [
      `workspace   ${terminalSafe(view.workspaceId)} (${terminalSafe(view.workspaceName ?? 'no name')})`,
      `status      ${view.status}${view.lastCheckedAt ? `, checked ${view.lastCheckedAt}` : ''}`,
      `owner       ${terminalSafe(view.owner.displayName ?? '-')} ${tagsText(view.owner.tags)}`.trimEnd(),
      `scopes      ${terminalSafe(view.scopes.join(' '))}`,
      `installed   ${view.installedAt}${view.installedBy ? ` by ${terminalSafe(view.installedBy)}` : ''}`,
    ];
    if (view.deletedAt !== null) {
      const revoke = view.revoke
        ? `${view.revoke.outcome}${view.revoke.error ? ` (${terminalSafe(view.revoke.error)})` : ''}`
        : 'not revoked';
      lines.push(`deleted     ${view.deletedAt}, token ${revoke}`);
    }
    lines.push(`revocations ${revocations.length === 0 ? 'none' : ''}`.trimEnd());
    for (const r of revocations) {
      lines.push(
        `  ${r['createdAt']}  ${r['reason']}  ${r['state']}  attempts ${r['attempts']}${r['lastError'] ? `  ${terminalSafe(String(r['lastError']))}` : ''}`,
      );
    }
    lines.push(
      timeline.length === 0
        ? 'timeline    none recorded'
        : `timeline    status changes, newest first${timeline.length === TIMELINE_LENGTH ? ` (latest ${TIMELINE_LENGTH})` : ''}`,
    );
    for (const entry of timeline) lines.push(`  ${timelineLine(entry)}`);
    return {
      outcome: 'ok',
      data: { connection: view, revocations, timeline },
      text: `${lines.join('\n')}\n`,
    };
  } finally {
    await store.close();
  }
};
