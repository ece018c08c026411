import {
  HEALTH_STATUSES,
  OWNER_LIMITS,
  type Connection,
  type ConnectionFilter,
  type ConnectionRepository,
  type HealthStatus,
} from '@attio-auth/connection-store';
import { z } from 'zod';

/** Rows per page of the connections table. */
export const PAGE_SIZE = 50;

// eslint-disable-next-line no-control-regex
const noControl = /^[^\u0000-\u001f\u007f]*$/;

/**
 * The connections page's query: status, one owner tag (`key=value`), free text (workspace id, name,
 * slug or owner name, case-insensitive), soft-deleted rows, and the keyset cursor. Anything else, or a
 * repeated parameter, is refused (400).
 */
export const connectionsQuery = z
  .object({
    status: z
      .union([z.literal(''), z.enum(HEALTH_STATUSES as [HealthStatus, ...HealthStatus[]])])
      .default(''),
    tag: z
      .string()
      .max(OWNER_LIMITS.maxTagValueLength + 41)
      .regex(noControl)
      .refine((v) => v === '' || /^[a-z][a-z0-9_]{0,39}=.+$/.test(v), 'key=value')
      .default(''),
    q: z.string().trim().max(100).regex(noControl).default(''),
    deleted: z.enum(['exclude', 'only', 'include']).default('exclude'),
    after: z.string().min(1).max(256).optional(),
  })
  .strict();

export type ConnectionsQuery = z.output<typeof connectionsQuery>;

/** The store filter a query names (the text is matched by the store, in SQL). */
export function storeFilter(query: ConnectionsQuery): ConnectionFilter {
  const eq = query.tag.indexOf('=');
  return {
    deleted: query.deleted,
    ...(query.status !== '' ? { status: query.status } : {}),
    ...(query.tag !== '' ? { tags: { [query.tag.slice(0, eq)]: query.tag.slice(eq + 1) } } : {}),
    ...(query.q !== '' ? { text: query.q } : {}),
  };
}

/**
 * One page of the table, keyset-paginated by workspace id (the store's order), so page 2,000 costs what
 * page 1 does: one store query with every filter, the text included.
 *
 * @example
 * ```ts
 * const { rows, nextAfter } = await connectionsPage(store, connectionsQuery.parse({ status: 'revoked' }));
 * ```
 */
export async function connectionsPage(
  store: Pick<ConnectionRepository, 'listConnections'>,
  query: ConnectionsQuery,
): Promise<{ rows: Connection[]; nextAfter: string | null }> {
  const rows = await store.listConnections({
    ...storeFilter(query),
    limit: PAGE_SIZE,
    ...(query.after ? { afterWorkspaceId: query.after } : {}),
  });
  return {
    rows,
    nextAfter: rows.length === PAGE_SIZE ? (rows.at(-1)?.workspaceId ?? null) : null,
  };
}

/** The query string of a page with these filters (and cursor). */
export function queryString(query: ConnectionsQuery, after?: string | null): string {
  const params = new URLSearchParams();
  if (query.status !== '') params.set('status', query.status);
  if (query.tag !== '') params.set('tag', query.tag);
  if (query.q !== '') params.set('q', query.q);
  if (query.deleted !== 'exclude') params.set('deleted', query.deleted);
  if (after) params.set('after', after);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
