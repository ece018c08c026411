/**
 * Every REST route the sandbox implements, in match order (literal paths before templated siblings).
 * `GET /v2/self` is not here: it needs no scope and is answered on the fast path in handle-api.ts.
 */
import { MEETING_ROUTES } from './meeting-endpoints.js';
import { METADATA_ROUTES } from './metadata-endpoints.js';
import { RECORD_ROUTES } from './record-endpoints.js';
import type { RouteSpec } from './route-table.js';

/**
 * The implemented operations.
 *
 * @example
 * ```ts
 * REST_ROUTES.map((r) => `${r.method} ${r.path}`); // → ['GET /v2/objects', …]
 * ```
 */
export const REST_ROUTES: readonly RouteSpec[] = [
  ...METADATA_ROUTES,
  ...RECORD_ROUTES,
  ...MEETING_ROUTES,
];
