import type { CliIo } from '../io.js';

/**
 * A CliIo for tests: captured stdout/stderr, a chosen environment, directory and stdin, real fetch
 * (the tests talk to real sockets: the sandbox).
 */
export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
  /** stdout + stderr, for "never contains the token" assertions. */
  all(): string;
}

export function captureIo(input: {
  env?: Record<string, string | undefined>;
  cwd: string;
  stdin?: string;
  isTTY?: boolean;
  now?: () => number;
}): CapturedIo {
  let out = '';
  let err = '';
  const stdinText = input.stdin;
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    stdin: (async function* () {
      if (stdinText !== undefined) yield Buffer.from(stdinText);
    })(),
    env: { PATH: process.env['PATH'], ...input.env },
    cwd: input.cwd,
    isTTY: input.isTTY ?? false,
    fetch: globalThis.fetch,
    now: input.now,
    out: () => out,
    err: () => err,
    all: () => out + err,
  };
}
