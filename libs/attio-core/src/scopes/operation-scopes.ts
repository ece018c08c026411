/**
 * The row type of the operation → scopes table. The table itself (`operation-scopes.generated.ts`) is written
 * by the workspace generator in tools/scopes/ from Attio's OpenAPI document; only this shape is part of the lib.
 */

/**
 * One row of the generated table: an HTTP operation and the OAuth scopes Attio requires for it.
 *
 * @example
 * ```ts
 * const row: OperationScopes = { method: 'GET', path: '/v2/objects', scopes: ['object_configuration:read'] };
 * ```
 */
export interface OperationScopes {
  readonly method: string;
  readonly path: string;
  readonly scopes: readonly string[];
}
