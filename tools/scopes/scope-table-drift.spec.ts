/**
 * Fails when attio-core's operation-scopes.generated.ts no longer matches the vendored OpenAPI copies in
 * ./openapi/ (the generator or the documents changed without `npm run generate:scopes`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_SCOPES, OPERATION_SCOPES } from '@attio-auth/attio-core';
import { buildScopeTable, renderScopeTableModule } from './build-scope-table.js';
import { loadOpenApiDocument, OPENAPI_FOLDER, SCOPE_SOURCES } from './openapi-sources.js';

// tools/scopes → the repo root is two levels up.
const generatedFile = join(
  __dirname,
  '..',
  '..',
  'libs',
  'attio-core',
  'src',
  'scopes',
  'operation-scopes.generated.ts',
);
const openApiDir = join(__dirname, OPENAPI_FOLDER);

describe('operation-scopes.generated.ts', () => {
  const table = buildScopeTable(SCOPE_SOURCES.map((file) => loadOpenApiDocument(openApiDir, file)));

  it('when regenerated in memory from the OpenAPI documents, then the committed table has the same rows', () => {
    // Compared as data, so reformatting the file (prettier) is not drift; a changed scope or operation is.
    expect(OPERATION_SCOPES).toEqual(table.operations);
    expect(ALL_SCOPES).toEqual(table.allScopes);
    expect(OPERATION_SCOPES).toHaveLength(75);
  });

  it('when regenerated in memory, then the committed file starts with the same header and import', () => {
    const committed = readFileSync(generatedFile, 'utf8');
    const expectedHeader = renderScopeTableModule(table, SCOPE_SOURCES)
      .split('\n')
      .slice(0, 4)
      .join('\n');
    expect(committed.startsWith(expectedHeader)).toBe(true);
  });
});
