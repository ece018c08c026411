/**
 * `attio-verify` as a library: `run(argv, io)` for tests and for embedding (the demo tour), the
 * exit-code function, and the `--json` document types.
 */
export { run } from './run.js';
export { processIo, type CliIo, type Writer } from './io.js';
export { ExitCode, exitCodeFor, verdictFor, type Outcome, type Verdict } from './exit-code.js';
export type {
  JsonDocument,
  VerifyJsonDocument,
  OAuthJsonDocument,
  JsonCheck,
} from './output/json.js';
export { TOOL_NAME, VERSION, JSON_SCHEMA_VERSION } from './version.js';
