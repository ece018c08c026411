/**
 * Fails when operation-scopes.generated.ts no longer matches Attio's OpenAPI copies in ../shared/attio-openapi/
 * (the generator or the documents changed without `npm run generate:scopes`).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { buildScopeTable, renderScopeTableModule, type OpenApiDocumentLike } from './build-scope-table.js';

// libs/attio-core/src/scopes → repo root is four levels up; the shared specs sit beside the repo.
const specDir = resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'attio-openapi');
const sources = ['attio-api-2026-03-08.speakeasy-overlay.yaml', 'attio-api-2025-10-01.json'];

function load(file: string): OpenApiDocumentLike {
  const text = readFileSync(join(specDir, file), 'utf8');
  return (file.endsWith('.json') ? JSON.parse(text) : parse(text)) as OpenApiDocumentLike;
}

describe('operation-scopes.generated.ts', () => {
  it('when regenerated in memory from the OpenAPI documents, then it equals the committed file byte for byte', () => {
    const expected = renderScopeTableModule(buildScopeTable(sources.map(load)), sources);
    const committed = readFileSync(join(__dirname, 'operation-scopes.generated.ts'), 'utf8');
    expect(committed).toBe(expected);
  });
});
