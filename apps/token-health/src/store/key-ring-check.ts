import {
  findWholeStoreKeyLoss,
  parseKeyRing,
  type ConnectionStoreError,
  type KeyRotation,
} from '@attio-auth/connection-store';

/** Resolves with the whole-store key loss error, or undefined when some stored key id is in the ring. */
export type KeyRingCheck = () => Promise<ConnectionStoreError | undefined>;

/**
 * The check run at start-up and before every round: when no key of TOKEN_ENCRYPTION_KEYS matches any
 * stored token's key id, every check would fail the same way, so the round must not start (one
 * configuration error, exit 78) instead of reporting and alerting once per connection. Undefined
 * without a parseable key ring (`--skip-store`, or a store injected by a test).
 *
 * @example
 * const check = keyRingCheck(store, config.store.tokenEncryptionKeys);
 * const loss = await check?.();
 */
export function keyRingCheck(
  store: Pick<KeyRotation, 'keyIdsInUse'>,
  tokenEncryptionKeys: string | undefined,
): KeyRingCheck | undefined {
  if (!tokenEncryptionKeys) return undefined;
  let keyRing: ReturnType<typeof parseKeyRing>;
  try {
    keyRing = parseKeyRing(tokenEncryptionKeys);
  } catch {
    return undefined; // opening the store already reported a bad key ring
  }
  return async () => findWholeStoreKeyLoss(keyRing, await store.keyIdsInUse());
}
