/**
 * What the workspace's tools (the demo tour) use of `attio-verify`: `run(argv, io)` and its IO type.
 * Not a published API.
 */
export { run } from './run.js';
export type { CliIo } from './io.js';
