/**
 * Loads Attio's OpenAPI documents (the copies vendored in tools/scopes/openapi/; the caller passes the folder)
 * and compiles response schemas with a JSON-Schema 2020-12 validator (OpenAPI 3.1 schemas are 2020-12).
 * Used by the contract spec; not part of the package's public API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/** File names of the two copies, newest first. */
export const OPENAPI_FILES = [
  'attio-api-2026-03-08.speakeasy-overlay.yaml',
  'attio-api-2025-10-01.json',
] as const;

/** A loaded document with a validator factory for its response schemas. */
export interface OpenApiDocument {
  readonly file: string;
  /** Whether the document declares a response for `status` of `method path`. */
  hasResponse(method: string, path: string, status: number): boolean;
  /** Validator for the JSON body of that response (refs resolved against the document). */
  responseValidator(method: string, path: string, status: number): ValidateFunction;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Loads one document from `dir`.
 *
 * @example
 * ```ts
 * const doc = loadOpenApi(dir, OPENAPI_FILES[0]);
 * doc.responseValidator('GET', '/v2/objects', 200)(body);
 * ```
 */
export function loadOpenApi(dir: string, file: string): OpenApiDocument {
  const text = readFileSync(join(dir, file), 'utf8');
  const doc = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as {
    paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  };
  // strict: false because Attio's document carries OpenAPI 3.0 leftovers (`nullable`) and x- keys.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateFormats: true,
  });
  // ajv-formats is CommonJS: depending on the loader its plugin is the module itself or its `default`.
  type FormatsPlugin = (instance: Ajv2020) => unknown;
  const mod = addFormatsModule as unknown as FormatsPlugin & {
    default?: FormatsPlugin;
  };
  (mod.default ?? mod)(ajv);
  ajv.addSchema({ ...doc, $id: 'attio-openapi' } as object);
  return {
    file,
    hasResponse: (method, path, status) =>
      doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)] !== undefined,
    responseValidator(method, path, status) {
      const pointer = `/paths/${escapePointer(path)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
      const validate = ajv.getSchema(`attio-openapi#${pointer}`);
      if (validate === undefined) throw new Error(`${file}: no JSON response schema at ${pointer}`);
      return validate;
    },
  };
}
