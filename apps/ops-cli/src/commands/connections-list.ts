import { HEALTH_STATUSES, type HealthStatus } from '@attio-auth/connection-store';
import { ownerTags, wholeNumber } from '../cli/flag-values.js';
import { UsageError } from '../cli/usage-error.js';
import {
  connectionView,
  csvLine,
  LIST_COLUMNS,
  listRow,
  table,
  type ConnectionView,
} from '../output/connection-view.js';
import { openStore } from '../store/open-store.js';
import type { CommandHandler } from './command.js';

/**
 * `connections list`: every matching connection, read by keyset pages (`--page-size`, default 500)
 * so a large store is never one query; printed as a table, `--csv` or `--json`. Never tokens.
 */
export const listCommand: CommandHandler = async (ctx) => {
  const { values } = ctx;
  const status = values['status'];
  if (status !== undefined && !HEALTH_STATUSES.includes(status as HealthStatus)) {
    throw new UsageError(`--status must be one of ${HEALTH_STATUSES.join(', ')}.`);
  }
  if (values['csv'] === true && ctx.output.json) {
    throw new UsageError('use only one of --json and --csv.');
  }
  const tags = ownerTags(values['owner'] as string[] | undefined);
  const pageSize = wholeNumber(values['page-size'] as string | undefined, {
    name: 'page-size',
    fallback: 500,
    min: 1,
    max: 10_000,
  });
  const store = await openStore(ctx.config, ctx.io.cwd);
  const views: ConnectionView[] = [];
  try {
    let after: string | undefined;
    for (;;) {
      const page = await store.listConnections({
        limit: pageSize,
        afterWorkspaceId: after,
        status: status as HealthStatus | undefined,
        tags: Object.keys(tags).length > 0 ? tags : undefined,
        deleted: values['deleted'] === true ? 'only' : 'exclude',
      });
      views.push(...page.map(connectionView));
      if (page.length < pageSize) break;
      after = page[page.length - 1]?.workspaceId;
    }
  } finally {
    await store.close();
  }
  const rows = views.map(listRow);
  const result = {
    outcome: 'ok' as const,
    data: { count: views.length, connections: views },
    text:
      views.length === 0
        ? 'no connections match.\n'
        : `${table(LIST_COLUMNS, rows)}${ctx.style.dim(`${views.length} connection${views.length === 1 ? '' : 's'}`)}\n`,
  };
  if (values['csv'] === true) {
    return { ...result, raw: [LIST_COLUMNS, ...rows].map(csvLine).join('') };
  }
  return result;
};
