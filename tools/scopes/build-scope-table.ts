/**
 * The pure half of `npm run generate:scopes`: turns parsed OpenAPI documents into the operation → scopes
 * table and renders it as TypeScript. File I/O lives in generate-scope-table.ts; keeping the transformation
 * here lets the drift test regenerate the table in memory and compare it with the committed one.
 *
 * Scope source: each operation's `security[].oauth2` list (OpenAPI 3.1 §4.8.30 Security Requirement Object);
 * an operation without `security` inherits the document-level `security` (§4.8.10), which in Attio's
 * document is `[{ oauth2: [] }]`, i.e. "a token, no scope" (e.g. `GET /v2/self`).
 */
import type { OperationScopes } from '@attio-auth/attio-core';

/**
 * The minimal slice of an OpenAPI document the generator reads.
 *
 * @example
 * ```ts
 * const doc = JSON.parse(readFileSync('attio-api.json', 'utf8')) as OpenApiDocumentLike;
 * ```
 */
export interface OpenApiDocumentLike {
  readonly security?: unknown;
  readonly paths?: unknown;
  readonly components?: unknown;
}

/**
 * The generated table plus every scope name the documents mention, both sorted.
 *
 * @example
 * ```ts
 * const { operations, allScopes }: ScopeTable = buildScopeTable([doc]);
 * ```
 */
export interface ScopeTable {
  readonly operations: readonly OperationScopes[];
  readonly allScopes: readonly string[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Scopes of the first security requirement that names `oauth2` (alternatives beyond it are not modelled). */
function oauth2Scopes(security: unknown): string[] | undefined {
  if (!Array.isArray(security)) return undefined;
  if (security.length === 0) return []; // explicitly no auth
  for (const requirement of security) {
    if (isRecord(requirement) && Array.isArray(requirement['oauth2'])) {
      return requirement['oauth2'].filter((s): s is string => typeof s === 'string');
    }
  }
  return [];
}

function declaredScopes(doc: OpenApiDocumentLike): string[] {
  const schemes = isRecord(doc.components) ? doc.components['securitySchemes'] : undefined;
  const oauth2 = isRecord(schemes) ? schemes['oauth2'] : undefined;
  const flows = isRecord(oauth2) ? oauth2['flows'] : undefined;
  if (!isRecord(flows)) return [];
  return Object.values(flows).flatMap((flow) =>
    isRecord(flow) && isRecord(flow['scopes']) ? Object.keys(flow['scopes']) : [],
  );
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds the table from one or more documents. The first document is primary; later documents only add
 * operations the earlier ones lack (e.g. an endpoint dropped from a newer copy stays known).
 *
 * @example
 * ```ts
 * const table = buildScopeTable([newestDoc, olderDoc]);
 * table.operations.find((o) => o.method === 'GET' && o.path === '/v2/objects');
 * // → { method: 'GET', path: '/v2/objects', scopes: ['object_configuration:read'] }
 * ```
 */
export function buildScopeTable(documents: readonly OpenApiDocumentLike[]): ScopeTable {
  const byKey = new Map<string, OperationScopes>();
  const all = new Set<string>();
  for (const doc of documents) {
    for (const scope of declaredScopes(doc)) all.add(scope);
    const inherited = oauth2Scopes(doc.security) ?? [];
    if (!isRecord(doc.paths)) continue;
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!isRecord(item)) continue;
      for (const m of HTTP_METHODS) {
        const op = item[m];
        if (!isRecord(op)) continue;
        const method = m.toUpperCase();
        const key = `${method} ${path}`;
        if (byKey.has(key)) continue;
        const scopes = [...new Set(oauth2Scopes(op['security']) ?? inherited)].sort(compare);
        for (const scope of scopes) all.add(scope);
        byKey.set(key, { method, path, scopes });
      }
    }
  }
  const operations = [...byKey.values()].sort(
    (a, b) => compare(a.path, b.path) || compare(a.method, b.method),
  );
  return { operations, allScopes: [...all].sort(compare) };
}

/**
 * Renders the table as the committed `operation-scopes.generated.ts` module (deterministic output, so a
 * byte comparison detects drift).
 *
 * @example
 * ```ts
 * writeFileSync(target, renderScopeTableModule(buildScopeTable(docs), ['attio-api-2026-03-08.yaml']));
 * ```
 */
export function renderScopeTableModule(table: ScopeTable, sources: readonly string[]): string {
  const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const rows = table.operations.map(
    (o) =>
      `  { method: ${q(o.method)}, path: ${q(o.path)}, scopes: [${o.scopes.map(q).join(', ')}] },`,
  );
  return [
    '// GENERATED FILE, do not edit. Regenerate with `npm run generate:scopes`.',
    `// Sources (first is primary): ${sources.join(', ')}.`,
    '// A drift test (scope-table-drift.spec.ts) fails when this file no longer matches the documents.',
    "import type { OperationScopes } from './operation-scopes.js';",
    '',
    '/**',
    " * Every operation in Attio's OpenAPI document with the OAuth scopes it requires, sorted by path then method.",
    ' *',
    ' * @example',
    ' * ```ts',
    " * OPERATION_SCOPES.find((o) => o.method === 'GET' && o.path === '/v2/workspace_members')?.scopes;",
    " * // → ['user_management:read']",
    ' * ```',
    ' */',
    'export const OPERATION_SCOPES: readonly OperationScopes[] = [',
    ...rows,
    '];',
    '',
    '/**',
    ' * Every scope name the documents declare or use, sorted.',
    ' *',
    ' * @example',
    ' * ```ts',
    " * ALL_SCOPES.includes('webhook:read-write'); // → true",
    ' * ```',
    ' */',
    'export const ALL_SCOPES: readonly string[] = [',
    ...table.allScopes.map((s) => `  ${q(s)},`),
    '];',
    '',
  ].join('\n');
}
