/**
 * Records: `POST /v2/objects/{object}/records/query` (offset pagination: `limit` default 500, `offset`
 * default 0, in the JSON body; a simple equality `filter`), `POST /v2/objects/{object}/records` (the one
 * write) and `GET /v2/objects/{object}/records/{record_id}`.
 */
import { BodyError, readBody } from '../http/read-body.js';
import { attioError, sendAttioError, sendJson } from '../http/respond.js';
import {
  buildValues,
  primitiveOf,
  ValueInputError,
  type RecordValue,
} from '../state/record-values.js';
import { makeRecord } from '../state/seed-workspace.js';
import { findObject, type ObjectData, type RecordJson } from '../state/workspace-data.js';
import { notFound } from './metadata-endpoints.js';
import type { RestCall } from './rest-call.js';
import type { RouteSpec } from './route-table.js';

function badRequest(call: RestCall, code: string, message: string): void {
  sendAttioError(call.res, attioError(400, 'invalid_request_error', code, message));
}

async function body(call: RestCall): Promise<Record<string, unknown> | undefined> {
  try {
    return await readBody(call.req);
  } catch (e) {
    if (e instanceof BodyError && e.status === 413) {
      sendAttioError(
        call.res,
        attioError(413, 'invalid_request_error', 'validation_type', e.message),
      );
    } else {
      badRequest(call, 'validation_type', e instanceof Error ? e.message : 'Unreadable body.');
    }
    return undefined;
  }
}

function objectOr404(call: RestCall): ObjectData | undefined {
  const object = findObject(call.data, call.params['object'] ?? '');
  if (object === undefined)
    notFound(call, `Object with slug/ID "${call.params['object']}" not found.`);
  return object;
}

/** Equality filter: `{ attr: value }` or `{ attr: { $eq: value } }`; anything else is a `filter_error`. */
function compileFilter(object: ObjectData, filter: unknown): ((r: RecordJson) => boolean) | string {
  if (filter === undefined || filter === null) return () => true;
  if (typeof filter !== 'object' || Array.isArray(filter)) return 'filter must be an object.';
  const checks: [string, unknown][] = [];
  for (const [slug, raw] of Object.entries(filter as Record<string, unknown>)) {
    if (!object.attributes.some((a) => a.slug === slug)) {
      return `Unknown attribute slug/ID "${slug}" in filter.`;
    }
    const isOp = typeof raw === 'object' && raw !== null;
    const keys = isOp ? Object.keys(raw) : [];
    if (isOp && (keys.length !== 1 || keys[0] !== '$eq')) {
      return `The sandbox supports only equality filters ({ "${slug}": value } or { "$eq": value }).`;
    }
    checks.push([slug, isOp ? (raw as Record<string, unknown>)['$eq'] : raw]);
  }
  return (r) =>
    checks.every(([slug, want]) =>
      (r.values[slug] ?? []).some((v: RecordValue) => primitiveOf(v) === want),
    );
}

function nonNegativeInt(v: unknown, fallback: number): number | undefined {
  if (v === undefined) return fallback;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

async function queryRecords(call: RestCall): Promise<void> {
  const object = objectOr404(call);
  if (object === undefined) return;
  const b = await body(call);
  if (b === undefined) return;
  const limit = nonNegativeInt(b['limit'], 500);
  const offset = nonNegativeInt(b['offset'], 0);
  if (limit === undefined || offset === undefined) {
    return badRequest(call, 'validation_type', 'limit and offset must be non-negative integers.');
  }
  const filter = compileFilter(object, b['filter']);
  if (typeof filter === 'string') return badRequest(call, 'filter_error', filter);
  const matching = object.records.filter(filter);
  sendJson(call.res, 200, { data: matching.slice(offset, offset + limit) });
}

async function createRecord(call: RestCall): Promise<void> {
  const object = objectOr404(call);
  if (object === undefined) return;
  const b = await body(call);
  if (b === undefined) return;
  const data = b['data'] as Record<string, unknown> | undefined;
  const input = typeof data === 'object' && data !== null ? data['values'] : undefined;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return badRequest(
      call,
      'validation_type',
      'Body must be { "data": { "values": { <attribute>: <value(s)> } } }.',
    );
  }
  const createdAt = new Date(call.ctx.now()).toISOString();
  const actor = { type: 'api-token' as const, id: call.token.clientId };
  const values: RecordJson['values'] = {};
  for (const [slug, raw] of Object.entries(input as Record<string, unknown>)) {
    const def = object.attributes.find((a) => a.slug === slug);
    if (def === undefined) {
      return badRequest(
        call,
        'value_not_found',
        `Cannot find attribute with slug/ID "${slug}" on "${object.json.api_slug}".`,
      );
    }
    try {
      values[slug] = buildValues(def, raw, createdAt, actor);
    } catch (e) {
      if (e instanceof ValueInputError) return badRequest(call, 'validation_type', e.message);
      throw e;
    }
  }
  const record = makeRecord(call.data.workspace, object.json, values, createdAt);
  object.records.push(record);
  sendJson(call.res, 200, { data: record });
}

/**
 * Routes for records.
 *
 * @example
 * ```ts
 * buildRoutes([...RECORD_ROUTES]);
 * ```
 */
export const RECORD_ROUTES: readonly RouteSpec[] = [
  {
    method: 'POST',
    path: '/v2/objects/{object}/records/query',
    handler: queryRecords,
  },
  {
    method: 'POST',
    path: '/v2/objects/{object}/records',
    handler: createRecord,
  },
  {
    method: 'GET',
    path: '/v2/objects/{object}/records/{record_id}',
    handler: (call) => {
      const object = objectOr404(call);
      if (object === undefined) return;
      const id = call.params['record_id'];
      const record = object.records.find((r) => r.id.record_id === id);
      if (record === undefined) return notFound(call, `Record with ID "${id}" not found.`);
      sendJson(call.res, 200, { data: record });
    },
  },
];
