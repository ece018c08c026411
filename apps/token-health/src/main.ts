#!/usr/bin/env node
/**
 * `attio-token-health` entry point: the only file that touches process globals.
 * Run it with `npm run health -- --once` (see README.md).
 */
import { hostname } from 'node:os';
import { abortableSleep } from './alert-sender.js';
import { run } from './run.js';
import { VERSION } from './version.js';

process.exitCode = await run(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  fetch: globalThis.fetch,
  now: Date.now,
  sleep: abortableSleep,
  onSignal: (handler) => {
    const listener = (signal: NodeJS.Signals) => handler(signal);
    process.on('SIGTERM', listener);
    process.on('SIGINT', listener);
    return () => {
      process.off('SIGTERM', listener);
      process.off('SIGINT', listener);
    };
  },
  version: VERSION,
  hostname: hostname(),
});
