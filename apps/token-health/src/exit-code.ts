import type { CheckStatus } from './classify.js';

/**
 * Exit codes of `attio-token-health`. 64 and 78 follow BSD sysexits(3) (EX_USAGE, EX_CONFIG);
 * 75 (EX_TEMPFAIL) means "another instance is running, try later" (SQLite run lock).
 */
export const EXIT = Object.freeze({
  /** Every target is healthy (or there was nothing to check). */
  OK: 0,
  /** At least one target is revoked, under_scoped or workspace_mismatch: someone must act. */
  PROBLEMS: 1,
  /** No definite problem, but some targets could not be checked (network, 5xx, 429, timeouts). */
  UNCHECKED: 2,
  /** Bad command line. */
  USAGE: 64,
  /** Another instance holds the SQLite run lock. */
  LOCKED: 75,
  /** Bad or missing configuration (environment, tokens file, store unreachable or undecryptable). */
  CONFIG: 78,
});

/**
 * The exit code of a finished round, from its per-status counts. Pure. A definite problem outranks
 * an unchecked target: a revoked token must not hide behind a network blip elsewhere.
 *
 * @example
 * exitCodeFor({ healthy: 10, failed_to_check: 1 }); // 2
 * exitCodeFor({ healthy: 10, revoked: 1, failed_to_check: 1 }); // 1
 */
export function exitCodeFor(counts: Partial<Record<CheckStatus, number>>): number {
  const has = (status: CheckStatus) => (counts[status] ?? 0) > 0;
  if (has('revoked') || has('under_scoped') || has('workspace_mismatch')) return EXIT.PROBLEMS;
  if (has('failed_to_check')) return EXIT.UNCHECKED;
  return EXIT.OK;
}
