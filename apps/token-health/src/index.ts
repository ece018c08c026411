/**
 * attio-token-health as a library, for the workspace's tools (the demo tour runs a round in process).
 * The CLI entry point is main.ts.
 */
export { run } from './run.js';
export { processIo, type HealthIo } from './io.js';
