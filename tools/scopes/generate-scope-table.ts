/**
 * `npm run generate:scopes`: reads the vendored copies of Attio's OpenAPI document (tools/scopes/openapi/, see
 * its README for origin and sha256) and writes libs/attio-core/src/scopes/operation-scopes.generated.ts.
 * The 2026-03-08 YAML is the newest and primary copy; the 2025-10-01 JSON only contributes operations the YAML
 * lacks. The transformation itself is the pure `buildScopeTable` / `renderScopeTableModule` beside this file,
 * which the drift test calls too.
 *
 * Usage: `npm run generate:scopes [-- --check]` (`--check` exits 1 instead of writing when the file is stale).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildScopeTable, renderScopeTableModule } from './build-scope-table.js';
import { loadOpenApiDocument, OPENAPI_FOLDER, SCOPE_SOURCES } from './openapi-sources.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const openApiDir = join(here, OPENAPI_FOLDER);
const target = join(
  repoRoot,
  'libs',
  'attio-core',
  'src',
  'scopes',
  'operation-scopes.generated.ts',
);

const table = buildScopeTable(SCOPE_SOURCES.map((file) => loadOpenApiDocument(openApiDir, file)));
const output = renderScopeTableModule(table, SCOPE_SOURCES);
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {
  // first generation: nothing to compare against
}

if (process.argv.includes('--check')) {
  if (current !== output) {
    console.error(`${target} is stale; run \`npm run generate:scopes\` and commit the result.`);
    process.exitCode = 1;
  } else {
    console.log(`${target} is up to date (${table.operations.length} operations).`);
  }
} else {
  writeFileSync(target, output);
  const verb = current === output ? 'unchanged' : 'written';
  console.log(
    `${target} ${verb}: ${table.operations.length} operations, ${table.allScopes.length} scopes.`,
  );
}
