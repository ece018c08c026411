/**
 * Exit codes of `attio-auth`, computed in one pure function from what a command came to (the
 * approach of arethetypeswrong's getExitCode.ts). 64, 70 and 78 follow BSD sysexits.h.
 */
export const ExitCode = {
  /** The command did what it was asked. */
  Ok: 0,
  /** It could not: no such connection, nothing to restore, Attio refused the revoke. */
  Failed: 1,
  /** A bulk command did part of the work: some items failed (each is listed). */
  Partial: 2,
  /** Could not reach Attio or the database (network, timeout, 5xx, rate limited). */
  Unreachable: 3,
  /** Bad command line (EX_USAGE). */
  Usage: 64,
  /** A defect in attio-auth (EX_SOFTWARE). */
  Internal: 70,
  /** Missing or invalid configuration, or a store that cannot be opened (EX_CONFIG). */
  Config: 78,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What a command came to; one per run. */
export type Outcome =
  | 'ok'
  | 'failed'
  | 'partial'
  | 'unreachable'
  | 'usage_error'
  | 'internal_error'
  | 'config_error';

const CODE_FOR: Record<Outcome, ExitCode> = {
  ok: ExitCode.Ok,
  failed: ExitCode.Failed,
  partial: ExitCode.Partial,
  unreachable: ExitCode.Unreachable,
  usage_error: ExitCode.Usage,
  internal_error: ExitCode.Internal,
  config_error: ExitCode.Config,
};

/**
 * The process exit code of an outcome.
 *
 * @example
 * exitCodeFor('config_error'); // 78
 */
export function exitCodeFor(outcome: Outcome): ExitCode {
  return CODE_FOR[outcome];
}

/**
 * The outcome of a bulk command from how many items succeeded and failed: all done is `ok`, none
 * done is `failed`, a mix is `partial`. An empty bulk is `ok` (nothing matched).
 *
 * @example
 * bulkOutcome({ done: 3, failed: 1 }); // 'partial'
 */
export function bulkOutcome(counts: { done: number; failed: number }): Outcome {
  if (counts.failed === 0) return 'ok';
  return counts.done === 0 ? 'failed' : 'partial';
}
