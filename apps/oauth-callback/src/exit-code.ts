/**
 * Exit codes of the OAuth callback service's `main.ts` (the same table shape as `attio-verify`'s
 * and `attio-token-health`'s `ExitCode`): process managers and scripts branch on the number.
 */
export const ExitCode = {
  /** Stopped cleanly after SIGTERM/SIGINT, in-flight requests drained. */
  Ok: 0,
  /** Could not start: the store failed to open (the log line names what). */
  StartFailed: 1,
  /**
   * Missing or invalid configuration; stderr names every offending variable. Also when no key of
   * TOKEN_ENCRYPTION_KEYS matches the key ids of the stored tokens (the wrong key ring), or a HOST/PORT
   * it cannot listen on.
   */
  Config: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
