/**
 * Looks up the scopes an API call needs in the table generated from Attio's OpenAPI document, matching
 * concrete paths (`/v2/objects/people/records/abc`) against templated ones (`/v2/objects/{object}/records/{record_id}`).
 */
import type { OperationScopes } from './operation-scopes.js';
import { OPERATION_SCOPES } from './operation-scopes.generated.js';

interface CompiledOperation {
  readonly method: string;
  /** `undefined` marks a `{parameter}` segment. */
  readonly segments: readonly (string | undefined)[];
  readonly scopes: readonly string[];
}

/** Splits a path or URL into segments, dropping origin, query, fragment and empty segments. */
function splitPath(pathOrUrl: string): string[] {
  let path = pathOrUrl;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length);
  path = path.split(/[?#]/, 1)[0] ?? '';
  return path.split('/').filter((s) => s !== '');
}

/**
 * More literal segments earlier = more specific, so `/v2/objects/records/search` beats
 * `/v2/objects/{object}/records` style templates if both could match.
 */
function bySpecificity(a: CompiledOperation, b: CompiledOperation): number {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i += 1) {
    const al = a.segments[i] !== undefined;
    const bl = b.segments[i] !== undefined;
    if (al !== bl) return al ? -1 : 1;
  }
  return 0;
}

/**
 * Builds a matcher over any operation table: the row whose templated path (`/v2/objects/{object}`) matches a
 * concrete path or URL, the most specific one first. The scope lookup and the tracing `url.template` share it.
 *
 * @example
 * ```ts
 * const match = createOperationMatcher([{ method: 'GET', path: '/v2/things/{id}', scopes: ['thing:read'] }]);
 * match('GET', '/v2/things/42')?.path; // → '/v2/things/{id}'
 * ```
 */
export function createOperationMatcher(
  table: readonly OperationScopes[],
): (method: string, path: string) => OperationScopes | undefined {
  const compiled: (CompiledOperation & { readonly op: OperationScopes })[] = table
    .map((op) => ({
      method: op.method.toUpperCase(),
      segments: splitPath(op.path).map((s) => (/^\{[^}]+\}$/.test(s) ? undefined : s)),
      scopes: op.scopes,
      op,
    }))
    .sort(bySpecificity);
  // Bucketed by method and segment count (specificity order kept): a lookup compares a handful of rows,
  // not the whole table, which matters when every traced request asks for its url.template.
  const buckets = new Map<string, typeof compiled>();
  for (const c of compiled) {
    const key = `${c.method} ${c.segments.length}`;
    buckets.set(key, [...(buckets.get(key) ?? []), c]);
  }
  return (method, path) => {
    const segments = splitPath(path);
    return buckets
      .get(`${method.toUpperCase()} ${segments.length}`)
      ?.find((c) => c.segments.every((s, i) => s === undefined || s === segments[i]))?.op;
  };
}

/**
 * Builds a lookup function over any operation table (the generated one by default; tests and the sandbox may
 * pass their own).
 *
 * @example
 * ```ts
 * const lookup = createScopeLookup([{ method: 'GET', path: '/v2/things/{id}', scopes: ['thing:read'] }]);
 * lookup('GET', '/v2/things/42'); // → ['thing:read']
 * ```
 */
export function createScopeLookup(
  table: readonly OperationScopes[],
): (method: string, path: string) => string[] | undefined {
  const match = createOperationMatcher(table);
  return (method, path) => {
    const hit = match(method, path);
    return hit ? [...hit.scopes] : undefined;
  };
}

const lookupGenerated = createScopeLookup(OPERATION_SCOPES);

/**
 * The scopes Attio requires for `method path`, from the generated OpenAPI table; `undefined` when the
 * operation is not in the document (unknown, so callers can say so rather than guess). `[]` means a token
 * but no scope (e.g. `GET /v2/self`). Accepts full URLs and ignores query strings.
 *
 * @example
 * ```ts
 * requiredScopesFor('GET', '/v2/objects/people/records/7f3c…'); // → ['object_configuration:read', 'record_permission:read']
 * requiredScopesFor('GET', '/v2/self'); // → []
 * requiredScopesFor('GET', '/v2/nope'); // → undefined
 * ```
 */
export function requiredScopesFor(method: string, path: string): string[] | undefined {
  return lookupGenerated(method, path);
}
