import {
  describeUnknownScopes,
  parseScopes,
  requiredScopesFor,
  unknownScopes,
} from '@attio-auth/attio-core';

/**
 * Turns --require and --for into the set of scopes the token must have. Operations are looked up
 * in attio-core's table generated from Attio's OpenAPI document, so "GET /v2/objects/people/records"
 * needs exactly what Attio documents. An unknown operation is a usage error, not a guess; so is a
 * --require scope that is not in the table (a typo would never match a grant).
 */
export interface Requirements {
  /** Every required scope, deduplicated, in first-seen order. */
  required: string[];
  /** Each --for operation (normalised "METHOD /path") and the scopes it needs. */
  requiredBy: Record<string, string[]>;
}

/** A --for value that is not "METHOD /path" or not in Attio's API. */
export class RequirementError extends Error {
  override readonly name = 'RequirementError';
}

const OPERATION = /^(GET|POST|PUT|PATCH|DELETE)\s+(\/\S*)$/i;

/**
 * Resolves the requirements; throws RequirementError naming the unknown scope or bad operation.
 *
 * @example
 * resolveRequirements(['note:read'], ['GET /v2/objects']);
 * // { required: ['note:read', 'object_configuration:read'], requiredBy: { 'GET /v2/objects': ['object_configuration:read'] } }
 */
export function resolveRequirements(
  requireScopes: readonly string[],
  operations: readonly string[],
): Requirements {
  const unknown = unknownScopes(parseScopes(requireScopes));
  if (unknown.length > 0) {
    throw new RequirementError(
      `--require: ${describeUnknownScopes(unknown)}; scopes are <family>:read or <family>:read-write.`,
    );
  }
  const requiredBy: Record<string, string[]> = {};
  const all: string[] = [...requireScopes];
  for (const raw of operations) {
    const match = OPERATION.exec(raw.trim());
    if (!match) {
      throw new RequirementError(
        `--for "${raw}" is not an operation; write it as "METHOD /path", e.g. "GET /v2/objects".`,
      );
    }
    const method = (match[1] as string).toUpperCase();
    const path = match[2] as string;
    const scopes = requiredScopesFor(method, path);
    if (scopes === undefined) {
      throw new RequirementError(
        `--for "${method} ${path}" is not an operation in Attio's API document; check the method and path.`,
      );
    }
    requiredBy[`${method} ${path}`] = scopes;
    all.push(...scopes);
  }
  return { required: parseScopes(all), requiredBy };
}
