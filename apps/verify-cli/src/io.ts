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
  /** Read only for --token-stdin / --client-secret-stdin. */
  stdin: AsyncIterable<string | Uint8Array>;
  /** The environment (never `process.env` inside run). */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory in which ./.env is looked up and git is asked about it. */
  cwd: string;
  /** Whether stdout is a terminal: colour is used only then (and never with NO_COLOR). */
  isTTY: boolean;
  fetch: typeof fetch;
  /** Monotonic-ish milliseconds for the "answered in N ms" figure; defaults to Date.now. */
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
    isTTY: process.stdout.isTTY === true,
    fetch: globalThis.fetch,
    now: () => performance.now(),
  };
}

/**
 * Reads a whole stream (stdin) as UTF-8 and removes exactly one trailing line break, the one
 * `echo` or a heredoc adds. Anything else (spaces, quotes, a second line) is left for the shape
 * check to report, so nothing the user typed is silently changed.
 */
export async function readAllText(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  text += decoder.decode();
  return text.replace(/\r?\n$/, '');
}
