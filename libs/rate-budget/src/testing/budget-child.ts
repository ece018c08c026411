/**
 * Test and benchmark support, run as a child process: one "instance" of a service that wants `rate` reads per
 * second for one token for `durationMs`, through attio-core with the shared budget (or, for the baseline,
 * the in-process limiter alone). Prints `ready` once set up, starts when a `go` line arrives on stdin (so
 * all children start together however long each took to compile), then prints one JSON line with what it saw.
 *
 * argv[2]: JSON {@link ChildArgs}.
 */
import { createAttioClient, type Logger } from '@attio-auth/attio-core';
import { openSharedLimiter, type SharedLimiterSettings } from '../open-shared-limiter.js';
import { createSharedRateBudget } from '../shared-rate-budget.js';

export interface ChildArgs {
  readonly store: 'memory' | 'redis' | 'postgres';
  /** Redis URL or PostgreSQL connection string (unused for memory). */
  readonly url: string;
  readonly keyPrefix: string;
  readonly apiUrl: string;
  readonly token: string;
  readonly instances: number;
  readonly rate: number;
  readonly durationMs: number;
}

export interface ChildLog {
  readonly at: number;
  readonly level: string;
  readonly msg: string | undefined;
}

export interface ChildResult {
  readonly ok: number;
  readonly failed: number;
  readonly aborted: number;
  readonly errors: readonly string[];
  /** Completion instants (epoch ms) of the successful requests. */
  readonly completedAt: readonly number[];
  readonly logs: readonly ChildLog[];
  readonly startedAt: number;
  readonly endedAt: number;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
  const logs: ChildLog[] = [];
  const record =
    (level: string) =>
    (_obj: object, msg?: string): void => {
      logs.push({ at: Date.now(), level, msg });
    };
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  let close = async (): Promise<void> => undefined;
  let rateBudget;
  if (args.store !== 'memory') {
    const settings: SharedLimiterSettings =
      args.store === 'redis'
        ? { kind: 'redis', url: args.url, instances: args.instances }
        : { kind: 'postgres', connectionString: args.url, instances: args.instances };
    const opened = await openSharedLimiter(settings, { logger, keyPrefix: args.keyPrefix });
    close = opened.close;
    rateBudget = await createSharedRateBudget({ store: opened.store });
  }
  const client = createAttioClient({ token: args.token, baseUrl: args.apiUrl, rateBudget });
  const stop = new AbortController();
  const completedAt: number[] = [];
  const errors: string[] = [];
  let failed = 0;
  let aborted = 0;
  const inFlight: Promise<void>[] = [];
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => {
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => {
      if (d.includes('go')) resolve();
    });
  });
  process.stdin.pause();
  const startedAt = Date.now();
  const intervalMs = 1000 / args.rate;
  for (let i = 0; ; i += 1) {
    const due = startedAt + i * intervalMs;
    if (due >= startedAt + args.durationMs) break;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      client.self({ signal: stop.signal }).then(
        () => void completedAt.push(Date.now()),
        (err: unknown) => {
          if (stop.signal.aborted) aborted += 1;
          else {
            failed += 1;
            if (errors.length < 5) errors.push(String((err as Error).message));
          }
        },
      ),
    );
  }
  stop.abort(new Error('run over'));
  await Promise.all(inFlight);
  const endedAt = Date.now();
  await close();
  const result: ChildResult = {
    ok: completedAt.length,
    failed,
    aborted,
    errors,
    completedAt,
    logs,
    startedAt,
    endedAt,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
    process.exit(1);
  },
);
