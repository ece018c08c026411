import type { CheckStatus } from '../round/classify.js';

/**
 * Exit codes of `attio-token-health`. 64 and 78 follow BSD sysexits(3) (EX_USAGE, EX_CONFIG);
 * 75 (EX_TEMPFAIL) means "another instance is running, try later" (SQLite run lock).
 */
export const ExitCode = {
  /** Every target is healthy (or there was nothing to check). */
  Ok: 0,
  /** At least one target is revoked, under_scoped or workspace_mismatch: someone must act. */
  Problems: 1,
  /** No definite problem, but some targets could not be checked (network, 5xx, 429, timeouts). */
  Unchecked: 2,
  /** Bad command line (sysexits EX_USAGE). */
  Usage: 64,
  /** Another instance holds the SQLite run lock (EX_TEMPFAIL). */
  Locked: 75,
  /** Bad or missing configuration: environment, tokens file, store unreachable or undecryptable (EX_CONFIG). */
  Config: 78,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The exit code of a finished round, from its per-status counts. Pure. A definite problem outranks
 * an unchecked target: a revoked token must not hide behind a network blip elsewhere.
 *
 * @example
 * exitCodeFor({ healthy: 10, failed_to_check: 1 }); // 2
 * exitCodeFor({ healthy: 10, revoked: 1, failed_to_check: 1 }); // 1
 */
export function exitCodeFor(counts: Partial<Record<CheckStatus, number>>): ExitCode {
  const has = (status: CheckStatus) => (counts[status] ?? 0) > 0;
  if (has('revoked') || has('under_scoped') || has('workspace_mismatch')) return ExitCode.Problems;
  if (has('failed_to_check')) return ExitCode.Unchecked;
  return ExitCode.Ok;
}
