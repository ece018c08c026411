/**
 * Exit codes of `attio-verify`, computed in one pure function from what the checks found
 * (the approach of arethetypeswrong's getExitCode.ts): scripts branch on the number, humans
 * read the lines. 64 and 78 follow BSD sysexits.h (EX_USAGE, EX_CONFIG).
 */
export const ExitCode = {
  /** Every check passed (warnings allowed). */
  Ok: 0,
  /** The token is malformed, unknown, revoked or otherwise refused (OAuth: client credentials refused). */
  TokenInvalid: 1,
  /** The token works but lacks scopes that were required with --require / --for. */
  ScopesMissing: 2,
  /** Could not check: network failure, timeout, 5xx, rate limited after retries, unexpected answer. */
  CouldNotCheck: 3,
  /** Bad command line (sysexits EX_USAGE). */
  Usage: 64,
  /** Missing or invalid configuration: no token anywhere, bad env value, store unreadable (EX_CONFIG). */
  Config: 78,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * What a failed check means for the caller. Each failing check carries exactly one outcome;
 * a passing, warning or skipped check carries none.
 */
export type Outcome =
  | 'token_invalid'
  | 'scopes_missing'
  | 'could_not_check'
  | 'usage_error'
  | 'config_error';

/** The overall verdict names used in the `--json` document, one per exit code. */
export type Verdict = 'ok' | Outcome;

/**
 * Precedence when several checks fail: a problem with the command line or configuration hides
 * everything else; then a definite finding about the token (invalid, then under-scoped) beats
 * "could not check", because it is the actionable answer.
 */
const PRECEDENCE: readonly Outcome[] = [
  'usage_error',
  'config_error',
  'token_invalid',
  'scopes_missing',
  'could_not_check',
];

const CODE_FOR: Record<Verdict, ExitCode> = {
  ok: ExitCode.Ok,
  token_invalid: ExitCode.TokenInvalid,
  scopes_missing: ExitCode.ScopesMissing,
  could_not_check: ExitCode.CouldNotCheck,
  usage_error: ExitCode.Usage,
  config_error: ExitCode.Config,
};

/**
 * The overall verdict from the outcomes of the failed checks (undefined entries are ignored, so
 * callers can pass `checks.map((c) => c.outcome)` directly).
 *
 * @example
 * verdictFor([undefined, 'could_not_check', 'scopes_missing']); // 'scopes_missing'
 */
export function verdictFor(outcomes: ReadonlyArray<Outcome | undefined>): Verdict {
  for (const outcome of PRECEDENCE) {
    if (outcomes.includes(outcome)) return outcome;
  }
  return 'ok';
}

/**
 * The process exit code for a set of check outcomes.
 *
 * @example
 * exitCodeFor([]); // 0
 * exitCodeFor(['token_invalid', 'could_not_check']); // 1
 */
export function exitCodeFor(outcomes: ReadonlyArray<Outcome | undefined>): ExitCode {
  return CODE_FOR[verdictFor(outcomes)];
}

/** The exit code of a verdict (for the JSON document and tests). */
export function exitCodeOfVerdict(verdict: Verdict): ExitCode {
  return CODE_FOR[verdict];
}
