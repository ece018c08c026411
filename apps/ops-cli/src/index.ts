/**
 * What the workspace's tools (the suites) use of `attio-auth`: `run(argv, io)` and its IO type.
 * Not a published API.
 */
export { run } from './run.js';
export type { CliIo } from './io.js';
