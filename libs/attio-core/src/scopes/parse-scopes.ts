/**
 * Scope strings and the "does this token have enough?" comparison.
 *
 * Attio scopes come as `<family>:read` or `<family>:read-write`; `/v2/self` returns them as one
 * space-separated `scope` string (RFC 7662 §2.2, RFC 6749 §3.3). Unknown names are kept as opaque strings,
 * since Attio adds families over time.
 */

/**
 * Splits a scope string (space- or comma-separated) or list into unique, trimmed scope names, keeping
 * first-seen order. `undefined` and empty input give `[]`.
 *
 * @example
 * ```ts
 * parseScopes('record_permission:read  object_configuration:read'); // → ['record_permission:read', 'object_configuration:read']
 * parseScopes(['a:read', 'a:read', ' b:read ']); // → ['a:read', 'b:read']
 * ```
 */
export function parseScopes(input: string | readonly string[] | undefined | null): string[] {
  if (input === undefined || input === null) return [];
  const parts = typeof input === 'string' ? [input] : input;
  const seen = new Set<string>();
  for (const part of parts) {
    if (typeof part !== 'string') continue;
    for (const name of part.split(/[\s,]+/)) {
      if (name !== '') seen.add(name);
    }
  }
  return [...seen];
}

/**
 * Whether `granted` satisfies `required`. `family:read-write` also satisfies `family:read`
 * (assumed by Attio's scope naming; unconfirmed by Attio, see docs/attio-api-notes.md "Scopes").
 *
 * @example
 * ```ts
 * scopeSatisfies('note:read-write', 'note:read'); // → true
 * scopeSatisfies('note:read', 'note:read-write'); // → false
 * ```
 */
export function scopeSatisfies(granted: string, required: string): boolean {
  if (granted === required) return true;
  if (!required.endsWith(':read')) return false;
  return granted === `${required.slice(0, -':read'.length)}:read-write`;
}

/**
 * The required scopes that the granted set does not cover, in the order they were required (deduplicated).
 * Accepts either form `parseScopes` accepts.
 *
 * @example
 * ```ts
 * missingScopes('record_permission:read-write', ['record_permission:read', 'object_configuration:read']);
 * // → ['object_configuration:read']
 * ```
 */
export function missingScopes(
  granted: string | readonly string[] | undefined | null,
  required: string | readonly string[] | undefined | null,
): string[] {
  const have = parseScopes(granted);
  return parseScopes(required).filter((need) => !have.some((g) => scopeSatisfies(g, need)));
}
