import type { z } from 'zod';

import { ConfigError, type ConfigProblem } from './config-error.js';
import { parseEachVariable, type ConfigRule } from './config-rule.js';
import { deepFreeze } from './deep-freeze.js';
import { fileVariableOf, resolveFileVariables, withoutBlanks } from './file-variables.js';

/**
 * Options of {@link loadConfig}.
 *
 * @example
 * ```ts
 * const options: LoadConfigOptions = { fileVariables: ['ATTIO_CLIENT_SECRET', 'DATABASE_URL'] };
 * ```
 */
export interface LoadConfigOptions<V = Record<string, unknown>> {
  /**
   * Variables that may instead be read from a file: for each `NAME` here, `NAME_FILE=<path>` reads
   * the value from that file (trailing newline trimmed), as Docker and Kubernetes mount secrets.
   * List the secrets (client secrets, key rings, bearer tokens, database URLs with a password).
   */
  readonly fileVariables?: readonly string[];
  /**
   * Rules over several variables (see {@link ConfigRule}). Unlike a `.superRefine` of the schema,
   * which zod skips once any variable is missing or of the wrong type, they run on every load, so
   * their problems are listed together with the others.
   */
  readonly rules?: readonly ConfigRule<V>[];
}

/**
 * The environment as Node gives it (`process.env`) or any plain record of strings.
 *
 * @example
 * ```ts
 * const env: Env = { PORT: '8080', ADMIN_TOKEN: undefined };
 * ```
 */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads an app's configuration from `env` in one go. Blank values count as unset; each
 * `options.fileVariables` entry may come from `NAME_FILE`; then `schema` (a zod object with one
 * entry per UPPER_CASE variable) parses the result, and `toConfig` maps the flat variables to the
 * nested camelCase object the app uses, which comes back deeply frozen.
 *
 * Throws a {@link ConfigError} naming every offending variable at once (not only the first) and
 * what to write instead. The library never reads `process.env` itself: pass it in.
 *
 * @example
 * ```ts
 * const schema = z.object({
 *   PORT: z.coerce.number().int().min(0).max(65535).default(3000),
 *   ATTIO_API_BASE_URL: httpUrl({ allowQuery: false }).default('https://api.attio.com'),
 *   ADMIN_TOKEN: z.string().min(32).optional(),
 * });
 * const config = loadConfig(
 *   schema,
 *   process.env,
 *   (e) => ({ http: { port: e.PORT }, attio: { apiBaseUrl: e.ATTIO_API_BASE_URL }, adminToken: e.ADMIN_TOKEN }),
 *   { fileVariables: ['ADMIN_TOKEN'] }, // ADMIN_TOKEN_FILE=/run/secrets/admin_token works too
 * );
 * config.http.port; // 3000
 * ```
 */
export function loadConfig<S extends z.ZodObject, C>(
  schema: S,
  env: Env,
  toConfig: (parsed: z.output<S>) => C,
  options: LoadConfigOptions<z.output<S>> = {},
): C {
  const fileVariables = options.fileVariables ?? [];
  for (const name of fileVariables) {
    if (!(name in schema.shape)) {
      throw new TypeError(`fileVariables lists ${name}, which is not a variable of the schema`);
    }
  }
  const resolved = resolveFileVariables(withoutBlanks(env), fileVariables);
  const problems: ConfigProblem[] = [...resolved.problems];
  const failed = new Set(problems.map((p) => p.variable));

  const parsed = schema.safeParse(resolved.env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = issue.path.length > 0 ? String(issue.path[0]) : '(environment)';
      // A NAME_FILE that could not be read already explains why NAME is missing.
      if (failed.has(fileVariableOf(variable))) continue;
      const source = resolved.fromFile.has(variable)
        ? ` (value read from ${fileVariableOf(variable)})`
        : '';
      add(problems, failed, { variable, message: `${issue.message}${source}` });
    }
  }
  const rules = options.rules ?? [];
  if (rules.length > 0) {
    const values = parseEachVariable(schema, resolved.env, failed);
    for (const rule of rules)
      for (const problem of rule(values, resolved.env)) {
        add(problems, failed, problem);
      }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return deepFreeze(toConfig(parsed.data));
}

/** One line per variable: the first problem found for it is the one reported. */
function add(problems: ConfigProblem[], failed: Set<string>, problem: ConfigProblem): void {
  if (failed.has(problem.variable)) return;
  failed.add(problem.variable);
  problems.push(problem);
}
