import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import { OWNER_LIMITS, type ConnectionOwner, type OwnerInput } from './types.js';

// Control characters (C0, DEL, C1), the Unicode line/paragraph separators and lone surrogates (not
// valid UTF-8, so PostgreSQL would refuse them): they break log lines, CSV exports and terminals, and
// nobody means them in a team name.
const CONTROL = /[\p{Cc}\p{Cs}\u2028\u2029]/u;

type ErrorCode =
  | typeof ConnectionStoreErrorCode.OWNER_INVALID
  | typeof ConnectionStoreErrorCode.INPUT_INVALID;

/** A key as it may appear in a message: quoted, escaped, and short (it failed validation). */
function shown(key: string): string {
  return JSON.stringify(key.length > 48 ? `${key.slice(0, 48)}…` : key);
}

function isPrintableText(value: unknown, max: number): value is string {
  if (typeof value !== 'string') return false;
  const length = [...value].length;
  return length >= 1 && length <= max && !CONTROL.test(value);
}

/**
 * Checks a tag set and returns a copy with its keys sorted (one stable spelling for storage and
 * output). The message names the offending key, never a value. `label` says which input it was.
 *
 * @example
 * ```ts
 * const tags = parseTags({ team: 'growth' }, ConnectionStoreErrorCode.OWNER_INVALID, 'owner tag');
 * ```
 */
export function parseTags(value: unknown, code: ErrorCode, label: string): Record<string, string> {
  const fail = (message: string) => new ConnectionStoreError(code, message);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail(`${label}s must be an object of key → value strings, like { team: 'growth' }.`);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > OWNER_LIMITS.maxTags) {
    throw fail(`${label}s: ${entries.length} given, at most ${OWNER_LIMITS.maxTags} are allowed.`);
  }
  for (const [key, tagValue] of entries) {
    if (!OWNER_LIMITS.tagKeyPattern.test(key)) {
      throw fail(
        `${label} ${shown(key)}: a key is a lowercase letter, then up to 39 lowercase letters, digits ` +
          'or "_" (like team, customer_id).',
      );
    }
    if (!isPrintableText(tagValue, OWNER_LIMITS.maxTagValueLength)) {
      throw fail(
        `${label} ${shown(key)}: the value must be a string of 1 to ${OWNER_LIMITS.maxTagValueLength} ` +
          'characters without control characters.',
      );
    }
  }
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)) as [string, string][]);
}

/**
 * Checks an {@link OwnerInput} (`STORE_OWNER_INVALID` naming the field or tag key) and returns it
 * normalised: only the fields that were given, tags sorted.
 *
 * @example
 * ```ts
 * const owner = parseOwnerInput(input.owner); // before anything is written
 * ```
 */
export function parseOwnerInput(value: unknown): OwnerInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.OWNER_INVALID,
      'owner must be an object like { displayName: "Growth team", tags: { team: "growth" } }.',
    );
  }
  const { displayName, tags, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.OWNER_INVALID,
      `owner has unknown field ${shown(unknown[0] as string)}; it takes displayName and tags.`,
    );
  }
  const out: OwnerInput = {};
  if (displayName !== undefined) {
    if (displayName !== null && !isPrintableText(displayName, OWNER_LIMITS.maxDisplayNameLength)) {
      throw new ConnectionStoreError(
        ConnectionStoreErrorCode.OWNER_INVALID,
        `owner displayName must be null or a string of 1 to ${OWNER_LIMITS.maxDisplayNameLength} ` +
          'characters without control characters.',
      );
    }
    out.displayName = displayName;
  }
  if (tags !== undefined)
    out.tags = parseTags(tags, ConnectionStoreErrorCode.OWNER_INVALID, 'owner tag');
  return out;
}

/**
 * The owner after applying `input` to `stored`: fields left out keep their stored value.
 *
 * @example
 * ```ts
 * mergeOwner({ displayName: 'A', tags: { team: 'x' } }, { displayName: null }); // { displayName: null, tags: { team: 'x' } }
 * ```
 */
export function mergeOwner(
  stored: ConnectionOwner,
  input: OwnerInput | undefined,
): ConnectionOwner {
  return {
    displayName: input?.displayName === undefined ? stored.displayName : input.displayName,
    tags: input?.tags === undefined ? stored.tags : input.tags,
  };
}

/** The owner of a new connection. */
export const EMPTY_OWNER: ConnectionOwner = Object.freeze({
  displayName: null,
  tags: Object.freeze({}) as Record<string, string>,
});

/**
 * Reads stored tag JSON back (only string values survive, keys as stored: sorted).
 *
 * @example
 * ```ts
 * tagsFromJson('{"team":"growth"}'); // { team: 'growth' }
 * ```
 */
export function tagsFromJson(json: string): Record<string, string> {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  return Object.fromEntries(
    Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}
