import { hostname } from 'node:os';
import { defaultSleep } from '@attio-auth/attio-core';
import type { StoreOpener } from './store/open-store.js';

/** The slice of a stream the checker writes to (process.stdout in production, a buffer in tests). */
export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * Everything `run()` may touch of the outside world, passed in so that `run` is pure of globals:
 * tests call it in process with their own streams, environment, signals and store. Only `main.ts`
 * builds the real one ({@link processIo}).
 */
export interface HealthIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory whose `./.env` is read under `env`; undefined = no `.env` (tests pass a temp dir). */
  readonly cwd?: string;
  /** Report, `--json` lines. */
  readonly stdout: OutputStream;
  /** Logs (pino JSON), progress line on a TTY, start-up errors. */
  readonly stderr: OutputStream;
  /** Used for alert webhooks; checks go through attio-core's undici transport. */
  readonly fetch: typeof fetch;
  readonly now: () => number;
  /** attio-core's contract: resolves after `ms`, rejects with the signal's reason when it aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Subscribes to SIGTERM/SIGINT; returns an unsubscribe function. */
  readonly onSignal: (handler: (signal: string) => void) => () => void;
  /** The default lease/lock owner id is this plus a random suffix. */
  readonly hostname: string;
  /** Opens the store (default: DATABASE_URL with TOKEN_ENCRYPTION_KEYS); tests pass a fresh schema or file. */
  readonly openStore?: StoreOpener;
  /** `--schedule` mode: called with the port /healthz and /metrics listen on. */
  readonly onListening?: (port: number) => void;
}

/**
 * The io of a real process.
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2), processIo());
 */
export function processIo(): HealthIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    fetch: globalThis.fetch,
    now: Date.now,
    sleep: defaultSleep,
    onSignal: (handler) => {
      const listener = (signal: NodeJS.Signals) => handler(signal);
      process.on('SIGTERM', listener);
      process.on('SIGINT', listener);
      return () => {
        process.off('SIGTERM', listener);
        process.off('SIGINT', listener);
      };
    },
    hostname: hostname(),
  };
}
