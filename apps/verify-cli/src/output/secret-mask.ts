import { maskUrlCredentials } from '@attio-auth/attio-errors';

/**
 * Last line of defence for "no output ever contains the token": every byte `run()` prints passes
 * through this mask, which replaces each registered secret (token, client secret, key ring) with
 * `[redacted]`, and the `user:password@` of any URL with `***@` (a redirect URI or URL flag may carry
 * credentials nobody registered). Messages are written not to contain secrets in the first place;
 * this catches the case nobody thought of (an error message from a library echoing a header, say).
 */
export interface SecretMask {
  /** Registers a secret; values shorter than MIN_SECRET_LENGTH are ignored (they would mangle text). */
  add(secret: string | undefined): void;
  apply(text: string): string;
}

export const MIN_SECRET_LENGTH = 6;

/**
 * A new, empty mask.
 *
 * @example
 * const mask = createSecretMask();
 * mask.add('sk_live_123456');
 * mask.apply('token sk_live_123456 refused'); // 'token [redacted] refused'
 */
export function createSecretMask(): SecretMask {
  const secrets = new Set<string>();
  return {
    add(secret) {
      if (secret === undefined) return;
      // The secret as given and trimmed: a pasted token may carry whitespace the output trims.
      for (const variant of [secret, secret.trim()]) {
        if (variant.length >= MIN_SECRET_LENGTH) secrets.add(variant);
      }
    },
    apply(text) {
      let result = text;
      // Longest first, so a secret that contains another is replaced whole.
      for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
        result = result.split(secret).join('[redacted]');
      }
      return maskUrlCredentials(result);
    },
  };
}
