/**
 * A bad command line (exit 64). Its message says what to type instead and never repeats a value
 * that may be a pasted secret.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Describes a stray argument without echoing it: people paste a token where a workspace id or a
 * command was expected, and the error message must not print it back.
 *
 * @example
 * describeStray('frobnicate'); // '"frobnicate"'
 */
export function describeStray(arg: string): string {
  return /^[a-z][a-z-]{0,19}$/.test(arg) ? `"${arg}"` : `an argument of ${arg.length} characters`;
}
