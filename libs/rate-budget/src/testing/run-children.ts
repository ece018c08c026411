/**
 * Test and benchmark support: starts N budget children (node with the swc register, like the repo's other
 * multi-process specs), says `go` to all of them once every one is ready, and collects their results.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { ChildArgs, ChildResult } from './budget-child.js';

export interface Children {
  /** Resolves when every child was ready and has been told to go. */
  readonly started: Promise<void>;
  readonly results: Promise<ChildResult[]>;
}

/**
 * Spawns `count` children with the same arguments.
 *
 * @example
 * ```ts
 * const { started, results } = runChildren(4, args);
 * ```
 */
export function runChildren(count: number, args: ChildArgs, childPath?: string): Children {
  // Jest runs this as CommonJS (__dirname); the benchmark passes the path from its own import.meta.url.
  const script = childPath ?? resolve(__dirname, 'budget-child.ts');
  let readyCount = 0;
  let allStarted: () => void = () => undefined;
  const started = new Promise<void>((r) => (allStarted = r));
  const stdins: NodeJS.WritableStream[] = [];
  const one = (): Promise<ChildResult> =>
    new Promise((done, fail) => {
      const child = spawn(
        process.execPath,
        [
          '--conditions=@attio-auth/source',
          '--import',
          '@swc-node/register/esm-register',
          script,
          JSON.stringify(args),
        ],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      stdins.push(child.stdin);
      let stdout = '';
      let stderr = '';
      let sawStart = false;
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (!sawStart && stdout.includes('ready\n')) {
          sawStart = true;
          readyCount += 1;
          if (readyCount === count) {
            for (const stdin of stdins) stdin.write('go\n');
            allStarted();
          }
        }
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => {
        const last = stdout.trim().split('\n').pop() ?? '';
        if (code !== 0 || !last.startsWith('{')) {
          fail(new Error(`child exited ${String(code)}: ${stderr.slice(0, 2000)}`));
          return;
        }
        done(JSON.parse(last) as ChildResult);
      });
    });
  return { started, results: Promise.all(Array.from({ length: count }, one)) };
}
