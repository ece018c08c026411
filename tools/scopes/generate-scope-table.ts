/**
 * `npm run generate:scopes`: reads Attio's OpenAPI copies from ../shared/attio-openapi/ and writes
 * libs/attio-core/src/scopes/operation-scopes.generated.ts. The 2026-03-08 YAML is the newest and primary copy;
 * the 2025-10-01 JSON only contributes operations the YAML lacks. The transformation itself is the pure
 * `buildScopeTable` / `renderScopeTableModule` in attio-core, which the drift test calls too.
 *
 * Usage: `npm run generate:scopes [-- --check]` (`--check` exits 1 instead of writing when the file is stale).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  buildScopeTable,
  renderScopeTableModule,
  type OpenApiDocumentLike,
} from '@attio-auth/attio-core';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const specDir = resolve(repoRoot, '..', 'shared', 'attio-openapi');
const target = join(
  repoRoot,
  'libs',
  'attio-core',
  'src',
  'scopes',
  'operation-scopes.generated.ts',
);

/** Source files, primary first. Names are written into the generated header. */
export const SCOPE_SOURCES = [
  'attio-api-2026-03-08.speakeasy-overlay.yaml',
  'attio-api-2025-10-01.json',
] as const;

function load(file: string): OpenApiDocumentLike {
  const text = readFileSync(join(specDir, file), 'utf8');
  return (file.endsWith('.json') ? JSON.parse(text) : parse(text)) as OpenApiDocumentLike;
}

const table = buildScopeTable(SCOPE_SOURCES.map(load));
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
