#!/usr/bin/env node
/**
 * `attio-auth` entry point: the only place that touches `process`. Everything else is `run()`.
 * Exit codes: see exit-code.ts and the README.
 */
import { processIo } from './io.js';
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), processIo());
