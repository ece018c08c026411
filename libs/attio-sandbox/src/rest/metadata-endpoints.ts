/**
 * Read-only metadata endpoints: objects, workspace members and lists. Shapes are the OpenAPI document's
 * `object`, `workspace-member` and `list` schemas, wrapped in `{ data }`; misses are Attio's 404 body.
 */
import { attioError, sendAttioError, sendJson } from '../http/respond.js';
import { findObject } from '../state/workspace-data.js';
import type { RestCall } from './rest-call.js';
import type { RouteSpec } from './route-table.js';

/**
 * Sends Attio's `404 not_found` body.
 *
 * @example
 * ```ts
 * notFound(call, 'Object with slug/ID "x" not found.');
 * ```
 */
export function notFound(call: RestCall, message: string): void {
  sendAttioError(call.res, attioError(404, 'invalid_request_error', 'not_found', message));
}

/**
 * Routes for `GET /v2/objects[/{object}]`, `GET /v2/workspace_members[/{id}]`, `GET /v2/lists[/{list}]`.
 *
 * @example
 * ```ts
 * buildRoutes([...METADATA_ROUTES]);
 * ```
 */
export const METADATA_ROUTES: readonly RouteSpec[] = [
  {
    method: 'GET',
    path: '/v2/objects',
    handler: (call) => sendJson(call.res, 200, { data: call.data.objects.map((o) => o.json) }),
  },
  {
    method: 'GET',
    path: '/v2/objects/{object}',
    handler: (call) => {
      const object = findObject(call.data, call.params['object'] ?? '');
      if (object === undefined)
        return notFound(call, `Object with slug/ID "${call.params['object']}" not found.`);
      sendJson(call.res, 200, { data: object.json });
    },
  },
  {
    method: 'GET',
    path: '/v2/workspace_members',
    handler: (call) => sendJson(call.res, 200, { data: call.data.members }),
  },
  {
    method: 'GET',
    path: '/v2/workspace_members/{workspace_member_id}',
    handler: (call) => {
      const id = call.params['workspace_member_id'];
      const member = call.data.members.find((m) => m.id.workspace_member_id === id);
      if (member === undefined)
        return notFound(call, `Workspace member with ID "${id}" not found.`);
      sendJson(call.res, 200, { data: member });
    },
  },
  {
    method: 'GET',
    path: '/v2/lists',
    handler: (call) => sendJson(call.res, 200, { data: call.data.lists }),
  },
  {
    method: 'GET',
    path: '/v2/lists/{list}',
    handler: (call) => {
      const key = call.params['list'];
      const list = call.data.lists.find((l) => l.api_slug === key || l.id.list_id === key);
      if (list === undefined) return notFound(call, `List with slug/ID "${key}" not found.`);
      sendJson(call.res, 200, { data: list });
    },
  },
];
