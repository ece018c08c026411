/**
 * `GET /v2/objects` (https://docs.attio.com/rest-api/endpoint-reference/objects/list-objects): every object of the
 * workspace, not paginated. Needs `object_configuration:read`. Parsed leniently and exposed in camelCase.
 */
import { AttioResponseValidationError } from '@attio-auth/attio-errors';
import { rec, strOrNull } from './json-readers.js';

/**
 * One object (standard slugs: people, companies, deals, users, workspaces).
 *
 * @example
 * ```ts
 * const slugs = (await client.listObjects()).map((o) => o.apiSlug);
 * ```
 */
export interface AttioObject {
  id: { workspaceId: string; objectId: string };
  apiSlug: string;
  singularNoun: string | null;
  pluralNoun: string | null;
  createdAt?: string;
  raw: Record<string, unknown>;
}

/**
 * Reads the `data` array of a `{ data: [...] }` body; throws AttioResponseValidationError otherwise.
 *
 * @example
 * ```ts
 * dataArray({ data: [1] }, 'GET /v2/objects'); // → [1]
 * ```
 */
export function dataArray(body: unknown, what: string): unknown[] {
  const data = rec(body)?.['data'];
  if (!Array.isArray(data)) {
    throw new AttioResponseValidationError({
      message: `${what} did not return { "data": [...] }. Check the base URL points at the Attio API.`,
      status: 200,
    });
  }
  return data;
}

/**
 * Parses a `GET /v2/objects` body; entries without an `api_slug` are skipped.
 *
 * @example
 * ```ts
 * parseObjects({ data: [{ id: { workspace_id: 'w', object_id: 'o' }, api_slug: 'people', singular_noun: 'Person', plural_noun: 'People' }] });
 * ```
 */
export function parseObjects(body: unknown): AttioObject[] {
  const out: AttioObject[] = [];
  for (const item of dataArray(body, 'GET /v2/objects')) {
    const raw = rec(item);
    if (!raw || typeof raw['api_slug'] !== 'string') continue;
    const id = rec(raw['id']) ?? {};
    const object: AttioObject = {
      id: {
        workspaceId: strOrNull(id['workspace_id']) ?? '',
        objectId: strOrNull(id['object_id']) ?? '',
      },
      apiSlug: raw['api_slug'],
      singularNoun: strOrNull(raw['singular_noun']),
      pluralNoun: strOrNull(raw['plural_noun']),
      raw,
    };
    if (typeof raw['created_at'] === 'string') object.createdAt = raw['created_at'];
    out.push(object);
  }
  return out;
}
