/**
 * One offending environment variable and what to do about it.
 *
 * @example
 * ```ts
 * const problem: ConfigProblem = { variable: 'PORT', message: 'must be a number' };
 * ```
 */
export interface ConfigProblem {
  /** The variable to fix, exactly as it is spelled in the environment (e.g. `PORT`, `ADMIN_TOKEN_FILE`). */
  readonly variable: string;
  /** What is wrong and what to write instead; never the value itself. */
  readonly message: string;
}

/**
 * The environment does not describe a valid configuration. `problems` names every offending
 * variable at once, so one restart fixes them all; the message has one line per problem,
 * `NAME: message`, and never contains a value.
 *
 * @example
 * ```ts
 * try {
 *   loadConfig(schema, process.env, toConfig);
 * } catch (err) {
 *   if (!(err instanceof ConfigError)) throw err;
 *   console.error(`Invalid configuration (see .env.example):\n${err.message}`);
 *   for (const { variable } of err.problems) markInvalid(variable);
 * }
 * ```
 */
export class ConfigError extends Error {
  override readonly name: string = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(problems.map((p) => `${p.variable}: ${p.message}`).join('\n'));
    this.problems = Object.freeze(problems.map((p) => Object.freeze({ ...p })));
  }
}
