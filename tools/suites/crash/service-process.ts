/**
 * The OAuth callback service as a real child process (its own main.ts through the tool runner),
 * on a fixed loopback port chosen from a free random one, so it can be SIGKILLed and started again
 * with the same redirect URI and the same store.
 */
import { defaultSleep } from '@attio-auth/attio-core';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

import { REPO_ROOT } from '../shared/app-runners.js';

/**
 * A free loopback port (bound on port 0, then released).
 *
 * @example
 * ```ts
 * const port = await freePort();
 * ```
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A started service process. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  readonly exited: Promise<number | null>;
}

/**
 * Starts `apps/oauth-callback/src/main.ts` with `env` (merged over PATH/HOME only: nothing else leaks in).
 *
 * @example
 * ```ts
 * const service = spawnService({ PORT: '4123', ... });
 * await waitReady('http://127.0.0.1:4123', 60_000);
 * service.child.kill('SIGKILL');
 * ```
 */
export function spawnService(env: Record<string, string>): ServiceProcess {
  return spawnApp('apps/oauth-callback/src/main.ts', [], env);
}

/**
 * Any app's `main.ts` from source as a child process (the CLI for the rotate-keys case), with only
 * PATH and HOME of the suite's environment plus `env`.
 *
 * @example
 * ```ts
 * const cli = spawnApp('apps/ops-cli/src/main.ts', ['rotate-keys'], { DATABASE_URL, TOKEN_ENCRYPTION_KEYS });
 * ```
 */
export function spawnApp(
  entry: string,
  args: readonly string[],
  env: Record<string, string>,
): ServiceProcess {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@attio-auth/source',
      '--import',
      '@swc-node/register/esm-register',
      entry,
      ...args,
    ],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const keep = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    // Bounded, but far above what a suite run writes: the secrets scan must see every line.
    if (out.length > 20_000_000) out = out.slice(-10_000_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => out, exited };
}

/**
 * Polls `GET /readyz` until it answers 200 (the store answers) or `timeoutMs` passes.
 *
 * @example
 * ```ts
 * const readyMs = await waitReady(url, 60_000); // undefined when not ready in time
 * ```
 */
export async function waitReady(
  url: string,
  timeoutMs: number,
  exited?: Promise<unknown>,
): Promise<number | undefined> {
  const started = performance.now();
  let dead = false;
  void exited?.then(() => (dead = true));
  while (performance.now() - started < timeoutMs && !dead) {
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await defaultSleep(150);
  }
  return undefined;
}
