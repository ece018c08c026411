/**
 * Everything `run()` may touch of the outside world, passed in so that `run` is pure of globals:
 * tests call it in process with their own writers, environment, working directory and fetch.
 * Only `main.ts` builds the real one from `process`.
 */
export interface Writer {
  write(text: string): unknown;
}

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  /** Read only by `revoke-token` (the leaked token never comes from argv). */
  stdin: AsyncIterable<string | Uint8Array>;
  /** The environment (never `process.env` inside run). */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory in which ./.env and the default DATA_DIR are looked up. */
  cwd: string;
  /** Whether stderr is a terminal: colour and the progress bar are drawn only then. */
  isTTY: boolean;
  fetch: typeof fetch;
  /** Milliseconds, for install-link expiries and purge cut-offs; defaults to Date.now. */
  now?: () => number;
}

/**
 * The io of a real process. Kept free of imports so `--version` stays cheap.
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2), processIo());
 */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Touch process.stdin only when read: creating it costs start-up time and may hold the loop.
    stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stderr.isTTY === true,
    fetch: globalThis.fetch,
    now: () => Date.now(),
  };
}

/** Reads a whole stream (stdin) as UTF-8 and trims the surrounding white space and line breaks. */
export async function readAllText(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  text += decoder.decode();
  return text.trim();
}
