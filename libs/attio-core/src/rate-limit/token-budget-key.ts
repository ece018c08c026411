/**
 * The key a token spends its rate budget under: the SHA-256 of the token, hex. A shared budget stores keys in
 * Redis or PostgreSQL, where the token itself must never appear; the hash still tells tokens apart, which is
 * what Attio's per-token limit needs.
 */
import { createHash } from 'node:crypto';

/**
 * The budget key of a token (64 hex digits, never the token).
 *
 * @example
 * ```ts
 * tokenBudgetKey('sk_test_abc'); // → 'f1c9…' (64 hex digits)
 * ```
 */
export function tokenBudgetKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
