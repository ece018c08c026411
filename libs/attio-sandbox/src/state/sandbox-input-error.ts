/**
 * The error admin operations throw for bad input (unknown workspace, duplicate slug, unknown token…).
 * The admin HTTP API answers it with 400 and the message; messages never include a raw token or secret.
 */

/**
 * Bad input to an admin operation; the message says what to do instead.
 *
 * @example
 * ```ts
 * throw new SandboxInputError('Unknown workspace "x": create it with admin.createWorkspace first.');
 * ```
 */
export class SandboxInputError extends Error {
  override readonly name = 'SandboxInputError';
  /** HTTP status the admin API answers with (404 for unknown ids, 400 otherwise). */
  readonly status: 400 | 404;

  constructor(message: string, status: 400 | 404 = 400) {
    super(message);
    this.status = status;
  }
}

/**
 * Checks that `value` is a non-empty list of strings (scopes, redirect URIs) and returns a copy.
 *
 * @example
 * ```ts
 * stringList(['note:read'], 'scopes'); // → ['note:read']
 * ```
 */
export function stringList(value: unknown, field: string, allowEmpty = true): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw new SandboxInputError(`"${field}" must be an array of non-empty strings.`);
  }
  if (!allowEmpty && value.length === 0)
    throw new SandboxInputError(`"${field}" must not be empty.`);
  return [...new Set(value as string[])];
}

/**
 * Checks that `value` is a non-empty string.
 *
 * @example
 * ```ts
 * nonEmpty('acme', 'slug'); // → 'acme'
 * ```
 */
export function nonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new SandboxInputError(`"${field}" must be a non-empty string.`);
  }
  return value;
}

/**
 * Checks that a redirect URI is an absolute URL (Attio compares them by exact string match).
 *
 * @example
 * ```ts
 * checkRedirectUri('http://127.0.0.1:3000/oauth/callback'); // → the same string
 * ```
 */
export function checkRedirectUri(uri: unknown): string {
  const value = nonEmpty(uri, 'redirectUri');
  try {
    new URL(value);
  } catch {
    throw new SandboxInputError(
      `Redirect URI "${value}" is not an absolute URL (e.g. http://127.0.0.1:3000/oauth/callback).`,
    );
  }
  return value;
}
