import type { KeyRing } from '../crypto/key-ring.js';
import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';

const quoted = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(', ');

/**
 * Whole-store key loss: the store holds tokens, and none of their key ids is in the ring, so every
 * one is undecryptable. That is a configuration error (the wrong TOKEN_ENCRYPTION_KEYS, a lost dev
 * key file), not N problems with N connections: callers stop with one message instead of reporting
 * each connection. Returns the `STORE_KEY_RING_MISMATCH` error to throw or print, or undefined when
 * at least one stored key id is in the ring (rows on other ids still fail one by one with
 * `STORE_KEY_UNKNOWN`). The message names key ids only, never key material.
 *
 * @example
 * ```ts
 * const loss = findWholeStoreKeyLoss(keyRing, await store.keyIdsInUse());
 * if (loss) throw loss;
 * ```
 */
export function findWholeStoreKeyLoss(
  keyRing: Pick<KeyRing, 'keyIds'>,
  keyIdsInUse: readonly string[],
): ConnectionStoreError | undefined {
  if (keyIdsInUse.length === 0 || keyIdsInUse.some((id) => keyRing.keyIds.includes(id))) {
    return undefined;
  }
  return new ConnectionStoreError(
    ConnectionStoreErrorCode.KEY_RING_MISMATCH,
    `None of the stored tokens can be decrypted: they use key id${keyIdsInUse.length === 1 ? '' : 's'} ` +
      `${quoted(keyIdsInUse)}, and TOKEN_ENCRYPTION_KEYS holds ${quoted(keyRing.keyIds)}. Set ` +
      'TOKEN_ENCRYPTION_KEYS to the key ring the tokens were written with (the same value as the ' +
      'service that stores them), or add the old key after the active one and rotate.',
  );
}
