import { terminalSafe } from '@attio-auth/attio-errors';
import {
  deleteConnection,
  estimateBulkDelete,
  type DeleteConnectionResult,
} from '@attio-auth/connection-lifecycle';
import type { ConnectionStore } from '@attio-auth/connection-store';
import { createRevokePacer } from '@attio-auth/attio-oauth';
import { ownerTags } from '../cli/flag-values.js';
import { UsageError } from '../cli/usage-error.js';
import { bulkOutcome } from '../exit-code.js';
import { durationText } from '../output/duration-text.js';
import { createProgress } from '../output/progress.js';
import { openStore } from '../store/open-store.js';
import type { CommandContext, CommandHandler } from './command.js';

const MINUTE_MS = 60_000;

/**
 * `connections delete <workspace …>` or `connections delete --owner k=v … --all`: for each
 * connection, revoke its token at Attio first, then soft-delete it (or purge it with --purge), via
 * connection-lifecycle's `deleteConnection`. Revokes share one pacer at REVOKE_RATE_PER_MINUTE
 * (Attio allows 50 per minute per IP), and a bulk delete says how long that will take before it
 * starts. A failed revoke still deletes the row and queues the token for the service's background
 * pass; it is reported, and counts as a failure in the exit code.
 */
export const deleteCommand: CommandHandler = async (ctx) => {
  const { values, config } = ctx;
  const tags = ownerTags(values['owner'] as string[] | undefined);
  const byOwner = Object.keys(tags).length > 0;
  if (byOwner !== (values['all'] === true)) {
    throw new UsageError(
      byOwner
        ? 'deleting by owner needs --all as well (attio-auth connections delete --owner k=v --all), so a typo never deletes by accident.'
        : '--all needs --owner k=v: it deletes every connection carrying those tags.',
    );
  }
  if (byOwner && ctx.positionals.length > 0) {
    throw new UsageError('give either workspace ids or --owner k=v --all, not both.');
  }
  if (!byOwner && ctx.positionals.length === 0) {
    throw new UsageError(
      'connections delete needs workspace ids, or --owner k=v --all (see attio-auth connections delete --help).',
    );
  }
  const revoke = values['no-revoke'] !== true;
  const purge = values['purge'] === true;
  const store = await openStore(config, ctx.io.cwd);
  try {
    const targets = byOwner
      ? await workspacesWithTags(store, tags)
      : [...new Set(ctx.positionals.map((w) => w.trim()))];
    const estimateMs = revoke ? estimateBulkDelete(targets.length, config.revoke.perMinute) : 0;
    if (targets.length > 1 && !ctx.output.json) {
      ctx.io.stderr.write(
        bulkDeleteNotice(targets.length, revoke ? config.revoke.perMinute : undefined),
      );
    }
    const results = await deleteAll(ctx, store, targets, { revoke, purge });
    return summarise(targets, results, { estimateMs, purge });
  } finally {
    await store.close();
  }
};

/**
 * What a bulk delete says before it starts: how many, and how long the paced revokes will take.
 *
 * @example
 * bulkDeleteNotice(200, 50); // 'Deleting 200 connections: revokes are paced at 50 per minute, expected to take about 3 min.\n'
 */
export function bulkDeleteNotice(count: number, perMinute: number | undefined): string {
  if (perMinute === undefined)
    return `Deleting ${count} connections without revoking their tokens.\n`;
  const ms = estimateBulkDelete(count, perMinute);
  return `Deleting ${count} connections: revokes are paced at ${perMinute} per minute, expected to take ${ms < 1_000 ? 'less than a second' : `about ${durationText(ms)}`}.\n`;
}

async function workspacesWithTags(
  store: ConnectionStore,
  tags: Record<string, string>,
): Promise<string[]> {
  const ids: string[] = [];
  for await (const c of store.iterateConnections({ tags, batchSize: 500 })) ids.push(c.workspaceId);
  return ids;
}

async function deleteAll(
  ctx: CommandContext,
  store: ConnectionStore,
  targets: string[],
  options: { revoke: boolean; purge: boolean },
): Promise<DeleteConnectionResult[]> {
  const pacer = createRevokePacer({ perWindow: ctx.config.revoke.perMinute, windowMs: MINUTE_MS });
  const deps = { store, revokeUrl: ctx.config.revoke.url, fetch: ctx.io.fetch, pacer };
  const bar = createProgress(ctx.io.stderr, {
    draw: ctx.drawProgress && targets.length > 1,
    label: 'deleted',
  });
  const results: DeleteConnectionResult[] = [];
  try {
    for (const workspaceId of targets) {
      results.push(await deleteConnection(deps, workspaceId, options));
      bar.update(results.length, targets.length);
    }
  } finally {
    bar.done();
  }
  return results;
}

function summarise(
  targets: string[],
  results: DeleteConnectionResult[],
  info: { estimateMs: number; purge: boolean },
) {
  const items = targets.map((workspaceId, i) => ({
    workspaceId,
    ...(results[i] as DeleteConnectionResult),
  }));
  const problem = (r: DeleteConnectionResult) => !r.found || r.revoke?.outcome === 'failed';
  const failed = items.filter(problem).length;
  const lines = items.map((item) => {
    const ws = terminalSafe(item.workspaceId);
    if (!item.found) return `✗ ${ws}: no such connection`;
    const what = item.purged ? 'purged' : item.alreadyDeleted ? 'already deleted' : 'deleted';
    const revoke = item.revoke;
    if (revoke === null) return `✓ ${ws}: ${what}`;
    if (revoke.outcome === 'failed') {
      return `✗ ${ws}: ${what}, but revoking its token failed (${terminalSafe(revoke.error ?? 'unknown error')}); the service's background pass will retry it`;
    }
    const said =
      revoke.outcome === 'skipped'
        ? 'token NOT revoked (--no-revoke)'
        : revoke.outcome === 'already_gone'
          ? 'token already gone at Attio'
          : 'token revoked at Attio';
    return `✓ ${ws}: ${what}, ${said}`;
  });
  const done = items.length - failed;
  return {
    outcome: bulkOutcome({ done, failed }),
    data: { count: items.length, failed, estimatedMs: info.estimateMs, results: items },
    text:
      items.length === 0
        ? 'no connections match.\n'
        : `${lines.join('\n')}\n${info.purge ? '' : 'Restore within retention with attio-auth connections restore <workspace>.\n'}`,
  };
}
