/**
 * `GET /v2/meetings`: the cursor-paginated list (`limit` 1–200, default 50; `cursor`;
 * `pagination.next_cursor` null on the last page), as in Attio's OpenAPI document. The cursor is opaque
 * to clients; here it encodes the next offset.
 */
import { attioError, sendAttioError, sendJson } from '../http/respond.js';
import type { RouteSpec } from './route-table.js';

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number | undefined {
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/**
 * Routes for meetings.
 *
 * @example
 * ```ts
 * buildRoutes([...MEETING_ROUTES]);
 * ```
 */
export const MEETING_ROUTES: readonly RouteSpec[] = [
  {
    method: 'GET',
    path: '/v2/meetings',
    handler: (call) => {
      const rawLimit = call.query.get('limit');
      const limit = rawLimit === null ? 50 : Number(rawLimit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
        return sendAttioError(
          call.res,
          attioError(
            400,
            'invalid_request_error',
            'validation_type',
            'limit must be an integer between 1 and 200.',
          ),
        );
      }
      const cursor = call.query.get('cursor');
      const offset = cursor === null || cursor === '' ? 0 : decodeCursor(cursor);
      if (offset === undefined) {
        return sendAttioError(
          call.res,
          attioError(
            400,
            'invalid_request_error',
            'validation_type',
            'cursor is not valid; pass next_cursor as returned.',
          ),
        );
      }
      const all = call.data.meetings;
      const page = all.slice(offset, offset + limit);
      const next = offset + limit < all.length ? encodeCursor(offset + limit) : null;
      sendJson(call.res, 200, {
        data: page,
        pagination: { next_cursor: next },
      });
    },
  },
];
