#!/usr/bin/env node
/**
 * `attio-token-health` entry point: the only file that touches process globals.
 * Run it with `npm run health -- --once` (see README.md).
 */
import { processIo } from './io.js';
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), processIo());
