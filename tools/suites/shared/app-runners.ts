/**
 * Runs the two CLIs in this process through their `run(argv, io)` functions, capturing everything
 * they write. Neither app publishes a package entry point, so their `src/run.ts` is imported by path
 * (the tool runner compiles it); the shapes below are the parts of their io contracts the suites use.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { defaultSleep } from '@attio-auth/attio-core';
import type { ConnectionStore } from '@attio-auth/connection-store';

/** Repository root (tools/suites/shared → ../../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** What a CLI run produced. */
export interface CliRun {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when run() threw instead of returning an exit code (always a defect). */
  readonly thrown?: string;
  readonly durationMs: number;
}

interface Captured {
  write(chunk: string | Uint8Array): boolean;
  readonly isTTY: false;
  text(): string;
}

function capture(): Captured {
  let data = '';
  return {
    isTTY: false,
    write(chunk) {
      data += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    },
    text: () => data,
  };
}

type RunFn = (argv: readonly string[], io: Record<string, unknown>) => Promise<number>;
const cache = new Map<string, Promise<RunFn>>();

function loadRun(relative: string): Promise<RunFn> {
  let loaded = cache.get(relative);
  if (!loaded) {
    loaded = import(pathToFileURL(join(REPO_ROOT, relative)).href).then(
      (m: { run: RunFn }) => m.run,
    );
    cache.set(relative, loaded);
  }
  return loaded;
}

async function timed(fn: (out: Captured, err: Captured) => Promise<number>): Promise<CliRun> {
  const out = capture();
  const err = capture();
  const started = performance.now();
  try {
    const exitCode = await fn(out, err);
    return {
      exitCode,
      stdout: out.text(),
      stderr: err.text(),
      durationMs: performance.now() - started,
    };
  } catch (e) {
    const thrown = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return {
      exitCode: undefined,
      stdout: out.text(),
      stderr: err.text(),
      thrown,
      durationMs: performance.now() - started,
    };
  }
}

/**
 * `attio-verify` (apps/verify-cli) with `env`, `stdin` text and `fetch` of the caller's choosing.
 *
 * @example
 * ```ts
 * const r = await runVerifyCli(['--token', token, '--base-url', sandbox.urls.api, '--json'], { env: {} });
 * ```
 */
export async function runVerifyCli(
  argv: readonly string[],
  options: {
    env?: Record<string, string | undefined>;
    stdin?: string;
    cwd?: string;
    fetch?: typeof fetch;
  } = {},
): Promise<CliRun> {
  const run = await loadRun('apps/verify-cli/src/run.ts');
  return timed((stdout, stderr) =>
    run(argv, {
      stdout,
      stderr,
      stdin: (async function* () {
        if (options.stdin !== undefined) yield options.stdin;
      })(),
      env: options.env ?? {},
      cwd: options.cwd ?? REPO_ROOT,
      isTTY: false,
      fetch: options.fetch ?? fetch,
      now: () => performance.now(),
    }),
  );
}

/**
 * `attio-token-health` (apps/token-health) with real time; `openStore` gives it a store (a fresh
 * PostgreSQL schema or SQLite file) instead of DATABASE_URL.
 *
 * @example
 * ```ts
 * const r = await runTokenHealth(['--once', '--json'], { env: { TOKEN_ENCRYPTION_KEYS: keys }, openStore });
 * ```
 */
export async function runTokenHealth(
  argv: readonly string[],
  options: {
    env?: Record<string, string | undefined>;
    openStore?: () => Promise<ConnectionStore>;
    fetch?: typeof fetch;
  } = {},
): Promise<CliRun> {
  const run = await loadRun('apps/token-health/src/run.ts');
  return timed((stdout, stderr) =>
    run(argv, {
      env: { LOG_LEVEL: 'warn', ...options.env },
      stdout,
      stderr,
      fetch: options.fetch ?? fetch,
      now: Date.now,
      sleep: defaultSleep,
      onSignal: () => () => undefined,
      hostname: 'suite-host',
      ...(options.openStore ? { openStore: options.openStore } : {}),
    }),
  );
}

/** The `{"type":"check",…}` lines of a `--json` health run. */
export function healthChecks(
  run: CliRun,
): { status: string; errorCode: string | null; workspaceId?: string; name?: string }[] {
  return run.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map(
      (l) =>
        JSON.parse(l) as {
          type: string;
          status: string;
          errorCode: string | null;
          workspaceId?: string;
          name?: string;
        },
    )
    .filter((l) => l.type === 'check');
}
