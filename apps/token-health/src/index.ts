/**
 * attio-token-health as a library: the pieces the CLI is built from, for the demo tour, tests and
 * embedding (e.g. running one round from another process). The CLI entry point is main.ts.
 */
export { run, type RunIo } from './run.js';
export { parseCliArgs, USAGE, type CliOptions, type CliParseResult } from './cli-args.js';
export { loadConfig, ConfigError, type HealthConfig } from './config.js';
export {
  classify,
  CHECK_STATUSES,
  type CheckStatus,
  type CheckOutcome,
  type Classification,
  type ClassifyInput,
} from './classify.js';
export {
  decideAlert,
  StatusMemory,
  type AlertDecision,
  type AlertPolicyInput,
  type KnownStatus,
} from './alert-policy.js';
export {
  buildAlertPayload,
  targetLabel,
  type AlertPayload,
  type CheckTarget,
} from './alert-message.js';
export {
  createAlertSender,
  abortableSleep,
  type AlertSender,
  type AlertSenderOptions,
  type DrainResult,
} from './alert-sender.js';
export { exitCodeFor, EXIT } from './exit-code.js';
export { runHealthRound, type HealthStore, type RoundDeps } from './health-round.js';
export { leasedConnections, type LeasedConnectionsOptions } from './leased-connections.js';
export { runPool, type PoolOptions } from './pool.js';
export {
  createTokenChecker,
  type TokenChecker,
  type TokenCheckerOptions,
} from './token-checker.js';
export { createHealthMetrics, type HealthMetrics } from './metrics.js';
export { writeMetricsFile } from './metrics-file.js';
export {
  createReporter,
  progressLine,
  summaryTable,
  type OutputStream,
  type Reporter,
} from './reporter.js';
export { SummaryAccumulator, type CheckRecord, type RoundSummary } from './round-summary.js';
export {
  parseTokensFile,
  loadTokensFile,
  TokensFileError,
  type TokenEntry,
} from './tokens-file.js';
export { startScheduler, type Scheduler, type SchedulerOptions } from './scheduler.js';
export { createStatusServer, type SchedulerState } from './status-server.js';
export { VERSION } from './version.js';
