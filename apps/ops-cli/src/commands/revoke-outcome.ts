import { isAttioError, isTransientError } from '@attio-auth/attio-errors';
import type { Outcome } from '../exit-code.js';

/**
 * What a failed revoke means for the exit code: Attio unreachable, rate limited or answering 5xx
 * is `unreachable` (try again later); any other refusal is `failed`. The message comes from the
 * revoke client, which never puts the token in it.
 *
 * @example
 * revokeFailure(new AttioTimeoutError({ … })); // { outcome: 'unreachable', code: 'ATTIO_TIMEOUT', message: '…' }
 */
export function revokeFailure(error: unknown): { outcome: Outcome; code: string; message: string } {
  if (!isAttioError(error)) throw error;
  return {
    outcome: isTransientError(error) ? 'unreachable' : 'failed',
    code: error.code,
    message: error.message,
  };
}
