/**
 * This package's name and version, sent in the `User-Agent` header so Attio support can identify the client.
 * Kept in sync with package.json by version.spec.ts (importing JSON is not portable across the ESM and Jest
 * module systems this code runs under).
 */

/**
 * @example
 * ```ts
 * `${ATTIO_CORE_PACKAGE}/${ATTIO_CORE_VERSION}`; // → '@attio-auth/attio-core/0.0.1'
 * ```
 */
export const ATTIO_CORE_PACKAGE = '@attio-auth/attio-core';

/** @example `console.log(ATTIO_CORE_VERSION);` */
export const ATTIO_CORE_VERSION = '0.0.1';

/**
 * The default User-Agent: `@attio-auth/attio-core/<version>`, with an app's product token in front if given.
 *
 * @example
 * ```ts
 * userAgentFor('attio-verify/1.0.0'); // → 'attio-verify/1.0.0 @attio-auth/attio-core/0.0.1'
 * ```
 */
export function userAgentFor(product?: string): string {
  const own = `${ATTIO_CORE_PACKAGE}/${ATTIO_CORE_VERSION}`;
  return product && product.trim() !== '' ? `${product.trim()} ${own}` : own;
}
