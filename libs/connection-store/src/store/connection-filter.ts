import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import { CONNECTION_COLUMNS, toConnection, type ConnectionRow } from './connection-row.js';
import { parseTags } from './owner.js';
import type { StoreContext } from './store-context.js';
import type { Connection, ConnectionFilter, ListConnectionsOptions } from './types.js';
import { requireHealthStatus, requireInteger, requireText } from './validate.js';

const DELETED_MODES = ['exclude', 'only', 'include'] as const;
/** The columns a text filter searches (what the console's table shows of a connection). */
const TEXT_COLUMNS = ['workspace_id', 'workspace_name', 'workspace_slug', 'owner_display_name'];
const MAX_TEXT_FILTER = 200;

/**
 * A {@link ConnectionFilter} as SQL conditions on `connections`, with its parameters numbered from
 * `firstParam`. Each tag is one `EXISTS` probe of `connection_tags_key_value_idx`.
 *
 * @example
 * ```ts
 * const { conditions, params } = filterSql({ tags: { team: 'growth' } }, 1);
 * ```
 */
export function filterSql(
  filter: ConnectionFilter,
  firstParam: number,
): { conditions: string[]; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const next = (value: unknown): string => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  const deleted = filter.deleted ?? 'exclude';
  if (!DELETED_MODES.includes(deleted)) {
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.INPUT_INVALID,
      `deleted must be one of ${DELETED_MODES.join(', ')}.`,
    );
  }
  if (deleted === 'exclude') conditions.push('deleted_at_ms IS NULL');
  if (deleted === 'only') conditions.push('deleted_at_ms IS NOT NULL');
  if (filter.status !== undefined) {
    conditions.push(`health_status = ${next(requireHealthStatus(filter.status))}`);
  }
  if (filter.tags !== undefined) {
    const tags = parseTags(filter.tags, ConnectionStoreErrorCode.INPUT_INVALID, 'tags filter');
    for (const [key, value] of Object.entries(tags)) {
      conditions.push(
        `EXISTS (SELECT 1 FROM connection_tags t WHERE t.key = ${next(key)} AND t.value = ${next(value)}
           AND t.workspace_id = connections.workspace_id)`,
      );
    }
  }
  if (filter.text !== undefined && filter.text !== '') {
    const pattern = next(`%${likeEscape(requireTextFilter(filter.text).toLowerCase())}%`);
    conditions.push(
      `(${TEXT_COLUMNS.map((c) => `LOWER(${c}) LIKE ${pattern} ESCAPE '\\'`).join(' OR ')})`,
    );
  }
  return { conditions, params };
}

function requireTextFilter(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_TEXT_FILTER) {
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.INPUT_INVALID,
      `text must be a string of at most ${MAX_TEXT_FILTER} characters.`,
    );
  }
  return value;
}

/** `%`, `_` and the escape character itself match literally (LIKE … ESCAPE '\'). */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One keyset page of connections matching the filter, ordered by workspace id.
 *
 * @example
 * ```ts
 * const page = await listConnections(ctx, { limit: 100, afterWorkspaceId: last, status: 'revoked' });
 * ```
 */
export async function listConnections(
  ctx: StoreContext,
  opts: ListConnectionsOptions,
): Promise<Connection[]> {
  const after =
    opts.afterWorkspaceId === undefined
      ? ''
      : requireText(opts.afterWorkspaceId, 'afterWorkspaceId');
  const limit = opts.limit === undefined ? null : requireInteger(opts.limit, 'limit', 1, 10_000);
  const { conditions, params } = filterSql(opts, 2);
  // Keyset pagination on the primary key: stable under concurrent inserts, O(limit) per page.
  const where = ['workspace_id > $1', ...conditions].join(' AND ');
  const rows = await ctx.driver.all<ConnectionRow>(
    `SELECT ${CONNECTION_COLUMNS} FROM connections WHERE ${where}
     ORDER BY workspace_id${limit === null ? '' : ` LIMIT $${params.length + 2}`}`,
    limit === null ? [after, ...params] : [after, ...params, limit],
  );
  return rows.map(toConnection);
}

/**
 * How many connections match the filter (default: every live one).
 *
 * @example
 * ```ts
 * const revoked = await countConnections(ctx, { status: 'revoked' });
 * ```
 */
export async function countConnections(
  ctx: StoreContext,
  filter: ConnectionFilter,
): Promise<number> {
  const { conditions, params } = filterSql(filter, 1);
  const rows = await ctx.driver.all<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM connections${conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`}`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}
