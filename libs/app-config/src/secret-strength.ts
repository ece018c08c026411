/**
 * A simple strength estimate for bearer secrets: the Shannon entropy of the characters as they
 * occur in the value, times its length. Repetition and small alphabets score low (`aaaa…` is 0),
 * random tokens score close to their true entropy: 32 random bytes in base64url (43 characters)
 * estimate at 185 bits or more, while the true entropy is 256. It is an estimate of how guessable a
 * value looks, not a proof of randomness.
 *
 * @example
 * ```ts
 * estimateEntropyBits('a'.repeat(32)); // 0
 * estimateEntropyBits('ab'); // 2
 * ```
 */
export function estimateEntropyBits(value: string): number {
  const chars = [...value];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * chars.length;
}

/**
 * Options of {@link weakSecretProblem}.
 *
 * @example
 * ```ts
 * const options: SecretStrengthOptions = { minBits: 128, generate: 'openssl rand -base64 32' };
 * ```
 */
export interface SecretStrengthOptions {
  /** The least estimated entropy accepted (default 128 bits). */
  readonly minBits?: number;
  /** A command that generates a good value, quoted in the message. */
  readonly generate: string;
}

/**
 * Why `value` is not a usable bearer secret (it holds whitespace, or its estimated entropy is under
 * `minBits`), as a message that says how to generate one, or undefined when it is fine. The value
 * itself is never part of the message.
 *
 * @example
 * ```ts
 * weakSecretProblem('a'.repeat(32), { generate: 'openssl rand -base64 32' });
 * // 'is too easy to guess (about 0 bits by a character-frequency estimate; at least 128 needed): generate one with `openssl rand -base64 32`'
 * ```
 */
export function weakSecretProblem(
  value: string,
  options: SecretStrengthOptions,
): string | undefined {
  const minBits = options.minBits ?? 128;
  const how = `generate one with \`${options.generate}\``;
  if (/\s/.test(value)) return `must not contain whitespace: ${how}`;
  const bits = estimateEntropyBits(value);
  if (bits >= minBits) return undefined;
  return (
    `is too easy to guess (about ${Math.floor(bits)} bits by a character-frequency estimate; ` +
    `at least ${minBits} needed): ${how}`
  );
}
