/**
 * Async iterators over Attio's two pagination styles (https://docs.attio.com/rest-api/guides/pagination):
 * - offset: `limit` + `offset` (query string for GET, JSON body for the `…/query` POSTs); the last page is the
 *   first one shorter than `limit`.
 * - cursor (meetings, call recordings, files): `limit` + `cursor`; continue while `pagination.next_cursor` is not
 *   null. Pages may be short or empty while more remain, so page length says nothing.
 */
import { AttioResponseValidationError } from '@attio-auth/attio-errors';
import type { AttioRequest, QueryValue, ResponseSchema } from '../client/types.js';
import { dataArray } from '../resources/objects.js';

/**
 * The request function the iterators call (the client's `request`).
 *
 * @example
 * ```ts
 * paginateOffset(client.request, { path: '/v2/notes' });
 * ```
 */
export type RequestFn = <T>(req: AttioRequest<T>) => Promise<T>;

/**
 * Options of an offset-paginated listing.
 *
 * @example
 * ```ts
 * const opts: OffsetPageOptions = { method: 'POST', path: '/v2/objects/people/records/query', body: { filter: {} } };
 * ```
 */
export interface OffsetPageOptions<T = unknown> {
  path: string;
  /** GET (default): limit/offset in the query; POST: in the JSON body (merged into `body`). */
  method?: 'GET' | 'POST';
  query?: Record<string, QueryValue>;
  body?: Record<string, unknown>;
  /** Page size, default 100. */
  limit?: number;
  /** Start offset, default 0. */
  offset?: number;
  /** Validates each item. */
  item?: ResponseSchema<T>;
  signal?: AbortSignal;
}

/**
 * Options of a cursor-paginated listing.
 *
 * @example
 * ```ts
 * const opts: CursorPageOptions = { path: '/v2/meetings', limit: 50 };
 * ```
 */
export interface CursorPageOptions<T = unknown> {
  path: string;
  query?: Record<string, QueryValue>;
  /** Page size, default 100 (omitted from the request when 0). */
  limit?: number;
  /** Resume from a cursor. */
  cursor?: string;
  item?: ResponseSchema<T>;
  signal?: AbortSignal;
}

const parseItem = <T>(item: unknown, schema?: ResponseSchema<T>): T =>
  schema ? schema.parse(item) : (item as T);

/**
 * Yields every item of an offset-paginated listing, one request per page.
 *
 * @example
 * ```ts
 * for await (const record of paginateOffset(client.request, { method: 'POST', path: '/v2/objects/people/records/query' })) {
 *   console.log(record);
 * }
 * ```
 */
export async function* paginateOffset<T = unknown>(
  request: RequestFn,
  options: OffsetPageOptions<T>,
): AsyncGenerator<T> {
  const limit = options.limit ?? 100;
  const method = options.method ?? 'GET';
  let offset = options.offset ?? 0;
  for (;;) {
    const page =
      method === 'GET'
        ? await request<unknown>({
            method,
            path: options.path,
            query: { ...options.query, limit, offset },
            signal: options.signal,
          })
        : await request<unknown>({
            method,
            path: options.path,
            query: options.query,
            body: { ...options.body, limit, offset },
            signal: options.signal,
          });
    const items = dataArray(page, `${method} ${options.path}`);
    for (const item of items) yield parseItem(item, options.item);
    if (items.length < limit || items.length === 0) return;
    offset += items.length;
  }
}

/**
 * Yields every item of a cursor-paginated listing, following `pagination.next_cursor`.
 *
 * @example
 * ```ts
 * for await (const meeting of paginateCursor(client.request, { path: '/v2/meetings' })) console.log(meeting);
 * ```
 */
export async function* paginateCursor<T = unknown>(
  request: RequestFn,
  options: CursorPageOptions<T>,
): AsyncGenerator<T> {
  const limit = options.limit ?? 100;
  const seen = new Set<string>();
  let cursor = options.cursor;
  for (;;) {
    const query: Record<string, QueryValue> = { ...options.query };
    if (limit > 0) query['limit'] = limit;
    if (cursor !== undefined) query['cursor'] = cursor;
    const page = await request<unknown>({
      method: 'GET',
      path: options.path,
      query,
      signal: options.signal,
    });
    for (const item of dataArray(page, `GET ${options.path}`)) yield parseItem(item, options.item);
    const pagination = (page as { pagination?: { next_cursor?: unknown } }).pagination;
    const next = pagination?.next_cursor;
    if (next === null || next === undefined) return;
    if (typeof next !== 'string' || seen.has(next)) {
      // A repeated cursor would loop forever; a non-string one cannot be sent back.
      throw new AttioResponseValidationError({
        message: `GET ${options.path} returned ${typeof next === 'string' ? 'a repeated' : 'an invalid'} pagination.next_cursor; stopping to avoid an endless loop.`,
        status: 200,
      });
    }
    seen.add(next);
    cursor = next;
  }
}
