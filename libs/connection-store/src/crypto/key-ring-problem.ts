import {
  ConnectionStoreErrorCode,
  isConnectionStoreError,
} from '../errors/connection-store-error.js';
import { KEY_RING_ERROR_PREFIX, parseKeyRing } from './key-ring.js';

/**
 * Why `value` is not a usable `TOKEN_ENCRYPTION_KEYS` key ring, or undefined when it is: the same
 * checks as {@link parseKeyRing}, as a sentence an app's start-up check prints after the variable's
 * name. It names the entry by position or key id, never the key material.
 *
 * @example
 * ```ts
 * keyRingProblem('k1:short'); // 'key "k1" is 4 bytes; AES-256-GCM needs exactly 32 bytes (generate one with `openssl rand -base64 32`)'
 * keyRingProblem(`k1:${randomBytes(32).toString('base64')}`); // undefined
 * ```
 */
export function keyRingProblem(value: string): string | undefined {
  try {
    parseKeyRing(value);
    return undefined;
  } catch (error) {
    if (!isConnectionStoreError(error) || error.code !== ConnectionStoreErrorCode.KEY_INVALID) {
      throw error;
    }
    return error.message.replace(KEY_RING_ERROR_PREFIX, '').replace(/\.$/, '');
  }
}
