/**
 * The REST routes the sandbox implements. Each route's required scopes come from the table generated
 * from Attio's OpenAPI document (`OPERATION_SCOPES` in @attio-auth/attio-core), looked up by the exact
 * method and path template; building the table fails if an implemented route is missing from it, so the
 * scopes can never be typed by hand or drift from the document.
 */
import { OPERATION_SCOPES } from '@attio-auth/attio-core';
import type { RestHandler } from './rest-call.js';

/** A route as declared by the endpoint modules. */
export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path template, e.g. `/v2/objects/{object}`. */
  readonly path: string;
  readonly handler: RestHandler;
}

/** A route ready for matching. */
export interface Route extends RouteSpec {
  readonly scopes: readonly string[];
  /** Literal segments, or `{ param }` for template segments. */
  readonly segments: readonly (string | { readonly param: string })[];
}

/**
 * Attaches the generated scopes to each route and compiles its template.
 *
 * @example
 * ```ts
 * const routes = buildRoutes([{ method: 'GET', path: '/v2/lists', handler }]);
 * routes[0].scopes; // → ['list_configuration:read']
 * ```
 */
export function buildRoutes(specs: readonly RouteSpec[]): Route[] {
  return specs.map((spec) => {
    const op = OPERATION_SCOPES.find((o) => o.method === spec.method && o.path === spec.path);
    if (op === undefined) {
      throw new Error(
        `Route ${spec.method} ${spec.path} is not in Attio's OpenAPI scope table; fix the path template.`,
      );
    }
    const segments = spec.path
      .split('/')
      .slice(1)
      .map((s) => (s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : s));
    return { ...spec, scopes: [...op.scopes], segments };
  });
}

/** A matched route and its parameters, or which kind of miss it was. */
export type RouteMatch =
  | { readonly route: Route; readonly params: Record<string, string> }
  | { readonly route: undefined; readonly params: undefined };

const MISS: RouteMatch = { route: undefined, params: undefined };

/**
 * Finds the route for a method and path (literal segments win over parameters by declaration order).
 *
 * @example
 * ```ts
 * matchRoute(routes, 'GET', '/v2/objects/people').params; // → { object: 'people' }
 * ```
 */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const parts = path.split('/').slice(1);
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const seg = route.segments[i];
      const part = parts[i] ?? '';
      if (typeof seg === 'string') ok = seg === part;
      else if (seg !== undefined && part !== '') params[seg.param] = decodeURIComponent(part);
      else ok = false;
    }
    if (ok) return { route, params };
  }
  return MISS;
}
