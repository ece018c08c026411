import type { z } from 'zod';

import type { ConfigProblem } from './config-error.js';

/**
 * A rule over several variables (e.g. "no DEMO_MODE in production"), run by `loadConfig` even when
 * other variables are bad, so one start-up lists every problem. `values` holds each variable that
 * passed its own schema, parsed (defaults applied); a variable that failed is absent, and a rule
 * that needs it should stay silent. `env` is the environment as given (blanks dropped, `NAME_FILE`
 * resolved), for rules that must tell "set explicitly" from "defaulted". A problem about a variable
 * that already has one is dropped: one line per variable.
 *
 * @example
 * ```ts
 * const noDemoInProduction: ConfigRule<{ NODE_ENV: string; DEMO_MODE: boolean }> = (values, env) =>
 *   env['NODE_ENV'] === 'production' && values.DEMO_MODE === true
 *     ? [{ variable: 'DEMO_MODE', message: 'must not be 1 with NODE_ENV=production' }]
 *     : [];
 * ```
 */
export type ConfigRule<V> = (
  values: Partial<V>,
  env: Readonly<Record<string, string>>,
) => readonly ConfigProblem[];

/**
 * Each variable of `schema` that parses on its own, parsed; the variables in `skip` are left out.
 * A default counts as a value, so `values.PORT` is 3000 when PORT is unset.
 */
export function parseEachVariable<S extends z.ZodObject>(
  schema: S,
  env: Readonly<Record<string, string>>,
  skip: ReadonlySet<string>,
): Partial<z.output<S>> {
  const values: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (skip.has(name)) continue;
    const parsed = variable.safeParse(env[name]);
    if (parsed.success) values[name] = parsed.data;
  }
  return values as Partial<z.output<S>>;
}
