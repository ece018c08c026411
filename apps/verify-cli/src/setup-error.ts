/**
 * The check cannot run as set up (exit 78), for a reason that is not one malformed variable: no
 * token anywhere, a store that does not exist or cannot be opened, a key ring that does not
 * decrypt. Malformed variables are `ConfigError`s from `loadConfig` instead. The message says what
 * to set and never contains a secret.
 *
 * @example
 * ```ts
 * throw new SetupError('--workspace needs TOKEN_ENCRYPTION_KEYS; set it in the environment or ./.env.');
 * ```
 */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}
