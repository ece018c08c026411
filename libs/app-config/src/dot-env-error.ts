import { ConfigError } from './config-error.js';

/**
 * `./.env` exists but cannot be used: it cannot be read (permission denied, a directory) or a line
 * of it is not `NAME=value`. A {@link ConfigError} whose problems name the file (as `variable`,
 * the thing to fix) with the line and what to do, never a value from it, so an app's existing
 * configuration-error handling reports it and exits with its configuration exit code.
 *
 * @example
 * ```ts
 * try {
 *   await readDotEnv(process.cwd());
 * } catch (err) {
 *   if (err instanceof DotEnvError) console.error(err.message); // "/app/.env: line 3: …"
 * }
 * ```
 */
export class DotEnvError extends ConfigError {
  override readonly name = 'DotEnvError';
  /** Absolute path of the `.env` file. */
  readonly path: string;

  constructor(path: string, messages: readonly string[]) {
    super(messages.map((message) => ({ variable: path, message })));
    this.path = path;
  }
}
