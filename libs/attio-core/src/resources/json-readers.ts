/**
 * Lenient readers for fields of Attio's JSON bodies, shared by the resource parsers: a wrong-typed field
 * becomes `undefined` / `null` instead of an exception, as the facts sheet asks (validate leniently).
 */

/** The value as a plain object, or undefined for arrays, null and primitives. */
export const rec = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;

/** The value if it is a string, else null. */
export const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
