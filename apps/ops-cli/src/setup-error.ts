/**
 * Something in the configuration or the environment keeps a command from running: no key ring, a
 * store that does not exist or does not open (exit 78). The message names what to fix, never a
 * secret.
 */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}
