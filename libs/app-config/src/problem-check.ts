import type { z } from 'zod';

/**
 * Turns "why is this value wrong, if it is" into a zod `superRefine` callback, so checks that live
 * outside the schema (a key-ring parser, a scope table, a strength estimate) report like any other
 * rule: under the variable's name, with the returned message. Unset values are not checked.
 *
 * @example
 * ```ts
 * const schema = z.object({
 *   TOKEN_ENCRYPTION_KEYS: z.string().optional().superRefine(problemCheck(keyRingProblem)),
 * });
 * ```
 */
export function problemCheck<T>(
  problemOf: (value: T) => string | undefined,
): (value: T | undefined, ctx: z.RefinementCtx) => void {
  return (value, ctx) => {
    if (value === undefined) return;
    const message = problemOf(value);
    // The value is left out of the issue: it may be a secret.
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  };
}
