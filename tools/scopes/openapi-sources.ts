/**
 * The vendored copies of Attio's OpenAPI document the scope table is built from (files in ./openapi/, origin
 * and sha256 in its README), and one loader for them shared by the generator and the drift test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { OpenApiDocumentLike } from './build-scope-table.js';

/** Folder name of the vendored copies, beside this file. */
export const OPENAPI_FOLDER = 'openapi';

/** Source files, primary (newest) first. Names are written into the generated header. */
export const SCOPE_SOURCES = [
  'attio-api-2026-03-08.speakeasy-overlay.yaml',
  'attio-api-2025-10-01.json',
] as const;

/** Reads and parses one copy (JSON or YAML by extension) from `dir`. */
export function loadOpenApiDocument(dir: string, file: string): OpenApiDocumentLike {
  const text = readFileSync(join(dir, file), 'utf8');
  return (file.endsWith('.json') ? JSON.parse(text) : parse(text)) as OpenApiDocumentLike;
}
