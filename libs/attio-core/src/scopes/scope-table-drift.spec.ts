/**
 * Fails when operation-scopes.generated.ts no longer matches Attio's OpenAPI copies in ../shared/attio-openapi/
 * (the generator or the documents changed without `npm run generate:scopes`).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import {
  buildScopeTable,
  renderScopeTableModule,
  type OpenApiDocumentLike,
} from './build-scope-table.js';
import { ALL_SCOPES, OPERATION_SCOPES } from './operation-scopes.generated.js';

// libs/attio-core/src/scopes → repo root is four levels up; the shared specs sit beside the repo.
const specDir = resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'attio-openapi');
const sources = ['attio-api-2026-03-08.speakeasy-overlay.yaml', 'attio-api-2025-10-01.json'];

function load(file: string): OpenApiDocumentLike {
  const text = readFileSync(join(specDir, file), 'utf8');
  return (file.endsWith('.json') ? JSON.parse(text) : parse(text)) as OpenApiDocumentLike;
}

describe('operation-scopes.generated.ts', () => {
  const table = buildScopeTable(sources.map(load));

  it('when regenerated in memory from the OpenAPI documents, then the committed table has the same rows', () => {
    // Compared as data, so reformatting the file (prettier) is not drift; a changed scope or operation is.
    expect(OPERATION_SCOPES).toEqual(table.operations);
    expect(ALL_SCOPES).toEqual(table.allScopes);
    expect(OPERATION_SCOPES).toHaveLength(75);
  });

  it('when regenerated in memory, then the committed file names the same sources in its header', () => {
    const committed = readFileSync(join(__dirname, 'operation-scopes.generated.ts'), 'utf8');
    const expectedHeader = renderScopeTableModule(table, sources)
      .split('\n')
      .slice(0, 2)
      .join('\n');
    expect(committed.startsWith(expectedHeader)).toBe(true);
  });
});
