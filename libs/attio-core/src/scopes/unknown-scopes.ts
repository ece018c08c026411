/**
 * Configured scope requirements checked against the scope table generated from Attio's OpenAPI
 * document, with a "did you mean" for typos. Only requirements are checked this strictly: a typo
 * there never matches any grant, silently. Scopes Attio returns stay opaque strings (see
 * parse-scopes.ts), since new families appear over time.
 */
import { ALL_SCOPES } from './operation-scopes.generated.js';

/** A required scope name that is not in the table, and the closest known one if any is close. */
export interface UnknownScope {
  readonly name: string;
  readonly suggestion: string | undefined;
}

/** Spellings of the two access levels people write instead of `read` / `read-write`. */
const ACCESS: Readonly<Record<string, 'read' | 'read-write'>> = {
  read: 'read',
  r: 'read',
  ro: 'read',
  readonly: 'read',
  'read-only': 'read',
  read_only: 'read',
  view: 'read',
  write: 'read-write',
  w: 'read-write',
  rw: 'read-write',
  readwrite: 'read-write',
  'read-write': 'read-write',
  read_write: 'read-write',
  'write-read': 'read-write',
  edit: 'read-write',
};

/** Names that are safe to repeat in a message; anything else may be a pasted secret. */
const PRINTABLE = /^[A-Za-z0-9_.:/-]{1,64}$/;

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        substitution,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The closest of `candidates` within a typo's distance of `word`, or undefined. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/**
 * The known scope `name` was probably meant to be: the family corrected by edit distance
 * (`notes` → `note`, `record-permissions` → `record_permission`) and the access level by its usual
 * spellings (`write`, `rw` → `read-write`; none → `read`). Undefined when nothing is close, or
 * when `name` is already known.
 *
 * @example
 * ```ts
 * suggestScope('notes:write'); // → 'note:read-write'
 * suggestScope('record_permission'); // → 'record_permission:read'
 * suggestScope('no_such_scope:read'); // → undefined
 * ```
 */
export function suggestScope(
  name: string,
  known: readonly string[] = ALL_SCOPES,
): string | undefined {
  if (known.includes(name)) return undefined;
  const text = name.trim().toLowerCase();
  const [familyText = '', accessText] = text.split(/[:.]/, 2);
  const family = familyText.replace(/-/g, '_');
  const families = [...new Set(known.map((scope) => scope.split(':')[0] as string))];
  const access = accessText === undefined || accessText === '' ? 'read' : ACCESS[accessText];
  if (access !== undefined) {
    const matched = families.includes(family) ? family : closest(family, families);
    const candidate = matched === undefined ? undefined : `${matched}:${access}`;
    if (candidate !== undefined && known.includes(candidate)) return candidate;
    return undefined;
  }
  return closest(text, known);
}

/**
 * The names in `names` that are not known scopes, each with its {@link suggestScope}, in the
 * order given.
 *
 * @example
 * ```ts
 * unknownScopes(['note:read', 'notes:write']);
 * // → [{ name: 'notes:write', suggestion: 'note:read-write' }]
 * ```
 */
export function unknownScopes(
  names: readonly string[],
  known: readonly string[] = ALL_SCOPES,
): UnknownScope[] {
  return names
    .filter((name) => !known.includes(name))
    .map((name) => ({ name, suggestion: suggestScope(name, known) }));
}

/**
 * One message for unknown required scopes, as the apps print it after the variable or flag name:
 * `unknown scope notes:write (did you mean note:read-write?)`. A name that does not look like a
 * scope (it may be a pasted token) is described by its length instead of repeated.
 *
 * @example
 * ```ts
 * describeUnknownScopes(unknownScopes(['notes:write', 'foo:bar']));
 * // → 'unknown scopes notes:write (did you mean note:read-write?), foo:bar'
 * ```
 */
export function describeUnknownScopes(unknown: readonly UnknownScope[]): string {
  const parts = unknown.map(({ name, suggestion }) => {
    const shown = PRINTABLE.test(name) ? name : `(a value of ${name.length} characters)`;
    return suggestion === undefined ? shown : `${shown} (did you mean ${suggestion}?)`;
  });
  return `unknown scope${unknown.length === 1 ? '' : 's'} ${parts.join(', ')}`;
}
